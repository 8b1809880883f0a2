/// The language's front door: parse → check → compile for a set of rule files, with every diagnostic collected.
public struct RuleSetCompiler: Sendable {
    public let schema: LanguageSchema

    public init(schema: LanguageSchema) {
        self.schema = schema
    }

    /// The result of compiling: the rule set when there were no errors, and every diagnostic either way.
    public struct Result: Sendable {
        public let ruleSet: CompiledRuleSet?
        public let diagnostics: [Diagnostic]
        public let files: [SourceFile]

        public var hasErrors: Bool { diagnostics.contains(where: \.isError) }
    }

    public func compile(_ files: [SourceFile]) -> Result {
        var diagnostics: [Diagnostic] = []
        var rules: [CompiledRule] = []
        var firstDefinition: [String: (SourceFile, SourceRange)] = [:]
        var hashes: [String: String] = [:]
        let compiler = Compiler()
        var parsed: [(SourceFile, RuleFileSyntax, Checker)] = []
        var constants: [String: Checker.ConstantDefinition] = [:]
        for file in files {
            hashes[file.path] = file.contentHash
            var parser = Parser(file: file)
            let syntax = parser.parseFile()
            diagnostics += parser.diagnostics.items
            var checker = Checker(schema: schema, file: file)
            checker.checkConstants(syntax, into: &constants)
            parsed.append((file, syntax, checker))
        }
        let constantsText = RuleFingerprint.constantsText(constants)
        for (file, syntax, checker) in parsed {
            var checker = checker
            let checked = checker.checkRules(syntax, constants: constants)
            diagnostics += checker.diagnostics.items
            for rule in syntax.rules {
                if let (otherFile, otherRange) = firstDefinition[rule.name.name] {
                    guard otherFile.path != file.path else { continue }
                    let location = otherFile.location(of: otherRange.start)
                    diagnostics.append(
                        Diagnostic(
                            .error, "rule '\(rule.name.name)' is already defined in \(otherFile.path):\(location)",
                            in: file, at: rule.name.range, hint: "rule names identify alerts; give each rule its own"))
                } else {
                    firstDefinition[rule.name.name] = (file, rule.name.range)
                }
            }
            rules += checked.map { checkedRule in
                var rule = compiler.compile(checkedRule)
                rule.fingerprint = RuleFingerprint.of(checkedRule, constantsText: constantsText)
                return rule
            }
        }
        // Report in reading order: by file, then position (the lexer, parser and checker each find their own).
        let order = Dictionary(files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        diagnostics = diagnostics.enumerated().sorted { a, b in
            let (left, right) = (a.element, b.element)
            if left.path != right.path { return order[left.path, default: 0] < order[right.path, default: 0] }
            if left.range.start != right.range.start { return left.range.start < right.range.start }
            return a.offset < b.offset
        }.map(\.element)
        let hasErrors = diagnostics.contains(where: \.isError)
        return Result(
            ruleSet: hasErrors ? nil : CompiledRuleSet(rules: rules, fileHashes: hashes), diagnostics: diagnostics,
            files: files)
    }

    /// Compiles rule text held in memory, for tests and tools.
    public func compile(source: String, path: String = "<memory>.rules") -> Result {
        compile([SourceFile(path: path, text: source)])
    }
}
