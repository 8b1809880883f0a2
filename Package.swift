// swift-tools-version: 6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 language mode and warnings treated as errors.
let strictSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error)
]

/// The evaluation hot path (the engine and the closures the compiler builds) in release builds: runtime exclusivity
/// checks on the evaluation frame's class properties cost about 7 % of the engine's time (see docs/performance.md).
/// The engine is single-threaded by design and its accesses never overlap; debug builds and tests keep the checks.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "mtrules",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mtrules", targets: ["MTRulesCLI"]),
        .library(name: "RuleLanguage", targets: ["RuleLanguage"]),
        .library(name: "RuleEngine", targets: ["RuleEngine"]),
        .library(name: "AlertModel", targets: ["AlertModel"]),
        .library(name: "CPluginClient", targets: ["CPluginClient"]),
        .library(name: "CPluginSimulator", targets: ["CPluginSimulator"]),
        .library(name: "AlertStore", targets: ["AlertStore"]),
        .library(name: "Delivery", targets: ["Delivery"]),
        .library(name: "Runtime", targets: ["Runtime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "AlertModel", swiftSettings: strictSettings),
        .target(name: "CSupport"),
        .target(name: "RuleLanguage", dependencies: ["CSupport"], swiftSettings: strictSettings + hotPathSettings),
        .target(
            name: "RuleEngine",
            dependencies: ["RuleLanguage", "AlertModel", "CSupport"],
            swiftSettings: strictSettings + hotPathSettings
        ),
        .target(
            name: "CPluginClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CPluginSimulator",
            dependencies: [
                "CPluginClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AlertStore",
            dependencies: ["AlertModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Delivery",
            dependencies: [
                "AlertModel", "AlertStore", "CPluginClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MTRulesCLI",
            dependencies: [
                "RuleEngine",
                "AlertModel",
                "CPluginClient",
                "AlertStore",
                "Runtime",
                "Delivery",
                "CPluginSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
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
            name: "CPluginClientTests",
            dependencies: [
                "CPluginClient", "CPluginSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CPluginSimulatorTests",
            dependencies: [
                "CPluginSimulator", "CPluginClient",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Reference")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Runtime",
            dependencies: [
                "RuleEngine", "RuleLanguage", "AlertModel", "AlertStore", "Delivery", "CPluginClient",
                "CPluginSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Not shipped: a process the outbox crash test kills with SIGKILL and starts again.
        .executableTarget(
            name: "DeliveryCrashHarness",
            dependencies: ["Delivery", "AlertStore", "AlertModel"],
            path: "Tests/DeliveryCrashHarness",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "RuleEngine", "RuleLanguage", "AlertModel", "AlertStore", "CPluginClient",
                "CPluginSimulator",
                "Delivery",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AlertStoreTests", dependencies: ["AlertStore", "AlertModel"], swiftSettings: strictSettings),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "AlertStore", "AlertModel", "CPluginClient", "CPluginSimulator", "RuleEngine",
                "DeliveryCrashHarness",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MTRulesCLITests",
            dependencies: [
                "MTRulesCLI", "AlertStore", "AlertModel", "CPluginSimulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
