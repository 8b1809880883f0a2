import Foundation
import Testing

@testable import RuleLanguage

@Test func explore() throws {
    guard let path = ProcessInfo.processInfo.environment["EXPLORE"] else { return }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for chunk in text.components(separatedBy: "\n=====\n") {
        print("----- SOURCE:\n\(chunk)\n----- DIAGNOSTICS:")
        let result = compile(chunk)
        for d in result.diagnostics { print(Reported(d)) }
        print("ruleSet: \(result.ruleSet == nil ? "nil" : "\(result.ruleSet!.rules.count) rules")")
    }
}
