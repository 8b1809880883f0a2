// swift-tools-version: 6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 language mode and warnings treated as errors.
let strictSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error)
]

let package = Package(
    name: "mtrules",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mtrules", targets: ["MTRulesCLI"]),
        .library(name: "RuleLanguage", targets: ["RuleLanguage"]),
        .library(name: "RuleEngine", targets: ["RuleEngine"]),
        .library(name: "AlertModel", targets: ["AlertModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .target(name: "AlertModel", swiftSettings: strictSettings),
        .target(name: "RuleLanguage", swiftSettings: strictSettings),
        .target(
            name: "RuleEngine",
            dependencies: ["RuleLanguage", "AlertModel"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MTRulesCLI",
            dependencies: [
                "RuleEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "RuleLanguageTests", dependencies: ["RuleLanguage"], swiftSettings: strictSettings),
        .testTarget(
            name: "RuleEngineTests",
            dependencies: ["RuleEngine", "RuleLanguage", "AlertModel"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MTRulesCLITests",
            dependencies: ["MTRulesCLI"],
            swiftSettings: strictSettings
        ),
    ]
)
