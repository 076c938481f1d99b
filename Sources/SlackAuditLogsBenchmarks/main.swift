// Benchmarks for slack-audit-logs. Run in release mode:
//
//     swift run -c release slack-audit-logs-benchmarks [decode|simulator|collector|calls|ship|all] [iterations]
//     swift run -c release slack-audit-logs-benchmarks page-decode|page-passthrough PAGE.json [iterations]
//     swift run -c release slack-audit-logs-benchmarks serve [organizations] [minutes]   (10 and 10 by default)
//     swift run -c release slack-audit-logs-benchmarks postgres URL [kills]   (Scripts/postgres-benchmarks.sh)
//     SLACK_AUDIT_TOKEN=… slack-audit-logs-benchmarks pull BASE_URL OLDEST LATEST OUTPUT
//
// The page-* modes time one saved /logs page and print only the median MB/s, and pull is the library's fast path as a
// user program writes it: Benchmarks/compare.sh runs them next to the same work with Slack's Python SDK.
//
// Prints the median of several runs for each measurement. Figures go in BENCHMARKS.md.
import SlackAuditLogs
import SlackAuditLogsSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if let mode = arguments.first, mode.hasPrefix("page-") {
    try pageBenchmark(mode: mode, arguments: Array(arguments.dropFirst()))
    exit(0)
}
if arguments.first == "serve" {
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await serveBenchmark(
        organizations: max(numbers.first ?? 10, 1),
        minutes: max(numbers.dropFirst().first ?? 10, 1)
    )
    exit(0)
}
if arguments.first == "postgres" {
    guard arguments.count >= 2 else {
        print("usage: slack-audit-logs-benchmarks postgres URL [kills]   (see Scripts/postgres-benchmarks.sh)")
        exit(2)
    }
    try await postgresBenchmark(url: arguments[1], kills: arguments.dropFirst(2).compactMap { Int($0) }.first ?? 20)
    exit(0)
}
if arguments.first == "pull" {
    try await pullBenchmark(arguments: Array(arguments.dropFirst()))
    exit(0)
}
let section = arguments.first { Int($0) == nil } ?? "all"
let iterations = max(arguments.compactMap { Int($0) }.first ?? 7, 1)
guard ["decode", "simulator", "collector", "calls", "ship", "all"].contains(section) else {
    print("usage: slack-audit-logs-benchmarks [decode|simulator|collector|calls|ship|all] [iterations]")
    exit(2)
}

/// Runs `body` once to warm up, then `iterations` times, and returns the median duration.
func median(_ body: () throws -> Void) rethrows -> Duration {
    try body()
    var durations: [Duration] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try body()
        durations.append(ContinuousClock.now - start)
    }
    return durations.sorted()[durations.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}

func report(_ name: String, bytes: Int, entries: Int, duration: Duration) {
    let time = seconds(duration)
    let megabytesPerSecond = Double(bytes) / 1_000_000 / time
    let entriesPerSecond = Double(entries) / time
    let line =
        name.padding(toLength: 34, withPad: " ", startingAt: 0)
        + " \(String(format: "%8.1f", megabytesPerSecond)) MB/s"
        + " \(String(format: "%12.0f", entriesPerSecond)) entries/s"
        + " \(String(format: "%8.2f", time * 1000)) ms"
    print(line)
}

func format(_ format: String, _ value: Double) -> String {
    String(format: format, value)
}

/// Peak resident memory of this process so far, in MB.
func peakMemoryMegabytes() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if canImport(Darwin)
    return Double(usage.ru_maxrss) / 1_048_576
    #else
    return Double(usage.ru_maxrss) / 1024
    #endif
}

if section == "decode" || section == "all" {
    let entryCount = 9999
    let json = SamplePage.page(entries: entryCount, seed: 42)
    let bytes = json.jsonBytes()
    print(
        "slack-audit-logs decode benchmarks: \(entryCount) entries, \(bytes.count) bytes, median of \(iterations) runs"
    )

    var sink = 0
    let split = try median {
        let page = try RawLogsPage(body: bytes)
        sink &+= page.entries.count
    }
    report("split into raw entries (RawLogsPage)", bytes: bytes.count, entries: entryCount, duration: split)
    let parse = try median {
        let value = try JSONValue(parsing: bytes)
        sink &+= value["entries"]?.arrayValue?.count ?? 0
    }
    report("parse to JSONValue", bytes: bytes.count, entries: entryCount, duration: parse)

    let typed = try median {
        let page = try LogsResponse(parsing: bytes)
        sink &+= page.entries.count
    }
    report("typed decode (LogsResponse)", bytes: bytes.count, entries: entryCount, duration: typed)

    let typedThroughTree = try median {
        let value = try JSONValue(parsing: bytes)
        let page = LogsResponse(jsonValue: value)
        sink &+= page?.entries.count ?? 0
    }
    report("typed decode via JSONValue tree", bytes: bytes.count, entries: entryCount, duration: typedThroughTree)

    let roundTrip = try median {
        let page = try LogsResponse(parsing: bytes)
        sink &+= page.jsonValue.jsonBytes().count
    }
    report("typed decode + re-encode", bytes: bytes.count, entries: entryCount, duration: roundTrip)

    let page = LogsResponse(jsonValue: json)
    let encode = median {
        sink &+= page?.jsonValue.jsonBytes().count ?? 0
    }
    report("encode only (LogsResponse → bytes)", bytes: bytes.count, entries: entryCount, duration: encode)
    print("(checksum \(sink))")
}

if section == "simulator" || section == "all" {
    try await simulatorBenchmarks()
}

if section == "collector" || section == "all" {
    try await collectorBenchmarks(counts: [100_000, 1_000_000])
}

if section == "ship" || section == "all" {
    try await shipperBenchmarks(count: 200_000)
}

if section == "calls" || section == "all" {
    try await callBenchmarks()
}
