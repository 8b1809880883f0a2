/// A stable hash of what decides a rule's behaviour: its own source text and the constants it can see. Two rule sets
/// that give a rule the same fingerprint evaluate it the same way, so its alerts and memory can carry over a restart
/// or a reload; any edit to the rule (or to a constant) gives it a new one.
enum RuleFingerprint {
    /// One text describing every constant of the set, in name order; part of every rule's fingerprint because a
    /// rule may read any of them.
    static func constantsText(_ constants: [String: Checker.ConstantDefinition]) -> String {
        constants.keys.sorted().map { "let \($0) = \(constants[$0]!.value.text)" }.joined(separator: "\n")
    }

    static func of(_ rule: CheckedRule, constantsText: String) -> String {
        hash(rule.file.text(of: rule.range) + "\n\u{0}\n" + constantsText)
    }

    /// FNV-1a, 64 bits, as hex: the same function `SourceFile.contentHash` uses for whole files.
    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
