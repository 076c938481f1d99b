// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "slack-audit-logs",
    platforms: [
        .macOS(.v15)
    ],
    products: [
        .executable(name: "slack-audit-logs", targets: ["SlackAuditLogsCLI"]),
        .library(name: "SlackAuditLogs", targets: ["SlackAuditLogs"]),
        .library(name: "SlackAuditLogsSimulator", targets: ["SlackAuditLogsSimulator"]),
        .library(name: "SlackAuditLogsCollector", targets: ["SlackAuditLogsCollector"]),
        .executable(name: "slack-audit-logs-benchmarks", targets: ["SlackAuditLogsBenchmarks"]),
        // The same CLI with `serve`'s PostgreSQL store (several instances, leases, fencing). A product of its own so
        // that postgres-nio and swift-crypto stay off the path of `swift run slack-audit-logs demo`.
        .executable(name: "slack-audit-logs-postgres", targets: ["SlackAuditLogsPostgresCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // `serve`: its configuration file (YAML, read as nodes so that errors can give the line) and /metrics.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        // `serve` on PostgreSQL (high availability): only the slack-audit-logs-postgres product builds it.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    ],
    targets: [
        .target(
            name: "SlackAuditLogs",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "SlackAuditLogsSimulator",
            dependencies: [
                "SlackAuditLogs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "SlackAuditLogsCollector",
            dependencies: [
                "SlackAuditLogs",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shippers: read the collector's journal from a saved position and deliver to a SIEM, acknowledged.
        .target(
            name: "SlackAuditLogsShipper",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsCollector",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        // The commands, options and output of the CLI, as a library so that tests and fuzz targets can reach them.
        .target(
            name: "SlackAuditLogsCommands",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "SlackAuditLogsShipper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "SlackAuditLogsCLI",
            dependencies: ["SlackAuditLogsCommands"]
        ),
        // serve's PostgreSQL journal and store, leases and fencing.
        .target(
            name: "SlackAuditLogsPostgreSQL",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsCollector",
                "SlackAuditLogsShipper",
                "SlackAuditLogsCommands",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "SlackAuditLogsPostgresCLI",
            dependencies: ["SlackAuditLogsCommands", "SlackAuditLogsPostgreSQL"]
        ),
        .executableTarget(
            name: "SlackAuditLogsBenchmarks",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "SlackAuditLogsShipper",
                "SlackAuditLogsCommands",
                "SlackAuditLogsPostgreSQL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SlackAuditLogsTests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            resources: [.copy("Resources")]
        ),
        // The fuzz targets (Fuzz/run.sh builds them with libFuzzer); a plain build makes a corpus replayer.
        .executableTarget(
            name: "SlackAuditLogsFuzz",
            dependencies: ["SlackAuditLogs", "SlackAuditLogsCollector", "SlackAuditLogsCommands", "CFuzzDriver"],
            path: "Fuzz/Sources/SlackAuditLogsFuzz"
        ),
        .target(name: "CFuzzDriver", path: "Fuzz/Sources/CFuzzDriver"),
        .executableTarget(
            name: "CollectorCrashHelper",
            dependencies: ["SlackAuditLogs", "SlackAuditLogsCollector", "SlackAuditLogsCommands"]
        ),
        // The test targets' shared helpers: simulators, scoped shutdowns, refusing ports, built executables, files.
        .target(
            name: "SlackAuditLogsTestSupport",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/SlackAuditLogsTestSupport"
        ),
        .testTarget(
            name: "SlackAuditLogsCollectorTests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "CollectorCrashHelper",
                "SlackAuditLogsTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SlackAuditLogsCLITests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "SlackAuditLogsCLI",
                "SlackAuditLogsCommands",
                "SlackAuditLogsTestSupport",
            ]
        ),
        .testTarget(
            name: "SlackAuditLogsShipperTests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "SlackAuditLogsShipper",
                "SlackAuditLogsTestSupport",
                "SlackAuditLogsCLI",
                "SlackAuditLogsCommands",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "SlackAuditLogsPostgreSQLTests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsCollector",
                "SlackAuditLogsShipper",
                "SlackAuditLogsCommands",
                "SlackAuditLogsPostgreSQL",
                "SlackAuditLogsPostgresCLI",
                "SlackAuditLogsTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SlackAuditLogsSimulatorTests",
            dependencies: [
                "SlackAuditLogs",
                "SlackAuditLogsSimulator",
                "SlackAuditLogsTestSupport",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
