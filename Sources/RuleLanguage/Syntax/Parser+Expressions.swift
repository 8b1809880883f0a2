extension Parser {
    /// Precedence, loosest first: `or`, `and`, `not`, comparisons / `in` / `matches`, `+ -`, `* /`, unary `-`.
    package mutating func parseExpression() -> Expression {
        guard enter() else { return abandonDeepExpression() }
        defer { depth -= 1 }
        return parseOr()
    }

    /// Counts one level of nesting; false once it is deeper than any real rule needs.
    mutating func enter() -> Bool {
        depth += 1
        if depth <= Self.maximumDepth { return true }
        depth -= 1
        return false
    }

    /// Reports absurd nesting once, skips the rest of the line, and silences the errors the unwinding would cause.
    mutating func abandonDeepExpression() -> Expression {
        let start = current.range
        error(
            "this expression is nested more than \(Self.maximumDepth) levels deep", at: start,
            hint: "split it, or name parts of it with let")
        skipLine()
        silencedThrough = current.range.start
        return Expression(.invalid, range: start)
    }

    private mutating func parseOr() -> Expression {
        var left = parseAnd()
        while current.isIdentifier("or") {
            advance()
            let right = parseAnd()
            left = Expression(.binary(.or, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func parseAnd() -> Expression {
        var left = parseNot()
        while current.isIdentifier("and") {
            advance()
            let right = parseNot()
            left = Expression(.binary(.and, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func parseNot() -> Expression {
        if current.isIdentifier("not") {
            let start = current.range
            advance()
            guard enter() else { return abandonDeepExpression() }
            defer { depth -= 1 }
            let operand = parseNot()
            return Expression(.unary(.not, operand), range: start.through(operand.range))
        }
        return parseComparison()
    }

    private mutating func parseComparison() -> Expression {
        let left = parseAdditive()
        let op: BinaryOperator?
        switch current.kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        case .assign:
            error("'=' assigns; compare with '=='", at: current.range, hint: "write '=='")
            op = .equal
        case .identifier where current.text == "in": op = .in
        case .identifier where current.text == "matches": op = .matches
        case .identifier where current.text == "not" && peek(1).isIdentifier("in"):
            advance()
            op = .notIn
        default: op = nil
        }
        guard let op else { return left }
        advance()
        let right = parseAdditive()
        let result = Expression(.binary(op, left, right), range: left.range.through(right.range))
        let comparisons: [Token.Kind] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
        if op.isComparison, comparisons.contains(current.kind) {
            error(
                "comparisons cannot be chained", at: current.range,
                hint: "join two comparisons with 'and', as in 'a < b and b < c'")
            while comparisons.contains(current.kind) {
                advance()
                _ = parseAdditive()
            }
        }
        return result
    }

    private mutating func parseAdditive() -> Expression {
        var left = parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let op: BinaryOperator = current.kind == .plus ? .add : .subtract
            advance()
            let right = parseMultiplicative()
            left = Expression(.binary(op, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func parseMultiplicative() -> Expression {
        var left = parseUnary()
        while current.kind == .star || current.kind == .slash {
            let op: BinaryOperator = current.kind == .star ? .multiply : .divide
            advance()
            let right = parseUnary()
            left = Expression(.binary(op, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func parseUnary() -> Expression {
        if current.kind == .minus {
            let start = current.range
            advance()
            guard enter() else { return abandonDeepExpression() }
            defer { depth -= 1 }
            let operand = parseUnary()
            return Expression(.unary(.negate, operand), range: start.through(operand.range))
        }
        return parsePostfix()
    }

    mutating func parsePostfix() -> Expression {
        let primary = parsePrimary()
        guard case .name(let name) = primary.kind else { return primary }
        if current.kind == .leftParen {
            let function = Identifier(name, range: primary.range)
            advance()
            var arguments: [Expression] = []
            if current.kind != .rightParen {
                repeat {
                    if current.kind == .comma { advance() }
                    arguments.append(parseExpression())
                } while current.kind == .comma
            }
            let end = current.range
            if !expect(.rightParen, "')' to close the call to \(name)") {
                return Expression(.call(function: function, arguments: arguments), range: primary.range)
            }
            return Expression(.call(function: function, arguments: arguments), range: primary.range.through(end))
        }
        if current.kind == .dot {
            advance()
            guard let field = expectIdentifier("a field name after '\(name).'") else {
                return Expression(.invalid, range: primary.range)
            }
            let base = Identifier(name, range: primary.range)
            return Expression(.member(base: base, field: field), range: primary.range.through(field.range))
        }
        return primary
    }

    mutating func parsePrimary() -> Expression {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return Expression(.number(token.value), range: token.range)
        case .percent:
            advance()
            return Expression(.percent(token.value), range: token.range)
        case .duration:
            advance()
            return Expression(.duration(token.value), range: token.range)
        case .string:
            advance()
            return Expression(.string(token.stringValue), range: token.range)
        case .identifier:
            if ["and", "or", "in", "matches"].contains(token.text) {
                error("expected a value before '\(token.text)'", at: token.range)
                advance()
                return Expression(.invalid, range: token.range)
            }
            advance()
            if token.text == "true" || token.text == "false" {
                return Expression(.boolean(token.text == "true"), range: token.range)
            }
            return Expression(.name(token.text), range: token.range)
        case .leftParen:
            advance()
            let inner = parseExpression()
            let end = current.range
            _ = expect(.rightParen, "')' to close '('")
            return Expression(inner.kind, range: token.range.through(end))
        case .leftBracket:
            advance()
            var items: [Expression] = []
            while current.kind != .rightBracket, !atEnd, current.kind != .newline {
                items.append(parseExpression())
                if current.kind == .comma {
                    advance()
                } else {
                    break
                }
            }
            let end = current.range
            _ = expect(.rightBracket, "']' to close the list")
            return Expression(.list(items), range: token.range.through(end))
        case .invalid:
            advance()
            return Expression(.invalid, range: token.range)
        default:
            error("expected a value, found \(describe(token))", at: token.range)
            if token.kind != .newline, token.kind != .endOfFile, token.kind != .rightBrace { advance() }
            return Expression(.invalid, range: token.range)
        }
    }

    func peek(_ offset: Int) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }
}
