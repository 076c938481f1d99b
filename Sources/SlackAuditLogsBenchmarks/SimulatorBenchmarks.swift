import SlackAuditLogs
import SlackAuditLogsSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generation, rendering and serving speed of the simulator.
func simulatorBenchmarks() async throws {
    print("")
    print("simulator benchmarks, median of \(iterations) runs")
    let catalog = try ActionCatalog.bundled()
    let organization = try SimulatedOrganization(seed: 42)
    let million = EventGenerator.Configuration(
        count: 1_000_000,
        oldest: 1_700_000_000 - 30 * 86_400,
        latest: 1_700_000_000,
        seed: 42,
        rateProfile: .bursty()
    )
    let memoryBefore = peakMemoryMegabytes()
    var events: [SimulatedEvent] = []
    let generation = try median {
        var generator = try EventGenerator(organization: organization, catalog: catalog, configuration: million)
        events = generator.makeEvents()
    }
    let generationSeconds = seconds(generation)
    print(
        "generate 1,000,000 events".padding(toLength: 34, withPad: " ", startingAt: 0)
            + " \(format("%8.2f", generationSeconds)) s  \(format("%10.0f", 1_000_000 / generationSeconds)) events/s"
            + "  peak RSS +\(format("%.0f", peakMemoryMegabytes() - memoryBefore)) MB"
            + " (\(MemoryLayout<SimulatedEvent>.stride) bytes per event)"
    )

    let renderer = SimulatedEventRenderer(organization: organization, catalog: catalog)
    let sample = Array(events.prefix(100_000))
    var rendered = 0
    let render = median {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(120_000_000)
        for event in sample { renderer.appendJSON(of: event, to: &buffer) }
        rendered = buffer.count
    }
    report("render 100,000 entries to JSON", bytes: rendered, entries: sample.count, duration: render)

    // Serving: full 9,999-entry pages over loopback, read raw with apiCall (no typed decode), no rate limit.
    let simulator = try await AuditLogsSimulator.start(
        configuration: AuditLogsSimulator.Configuration(
            seed: 42,
            events: .recent(count: 200_000, span: 7 * 86_400, seed: 42),
            rateLimit: .unlimited,
            recordsRequests: false
        )
    )
    let client = try AuditLogsClient(
        token: simulator.token,
        configuration: .init(baseURL: simulator.baseURL, timeout: .seconds(60), proxy: .none)
    )
    var pages = 0
    var bytes = 0
    let serving = try await asyncMedian {
        var cursor: String?
        for _ in 0..<10 {
            var parameters = ["limit": "9999"]
            if let cursor { parameters["cursor"] = cursor }
            let response = try await client.apiCall(path: "logs", queryParameters: parameters)
            pages += 1
            bytes += response.rawBody.utf8.count
            cursor = response.body?["response_metadata"]?["next_cursor"]?.stringValue
        }
    }
    let perRun = Double(bytes) / Double(pages) * 10
    let servingSeconds = seconds(serving)
    print(
        "serve 10 pages of 9,999 entries".padding(toLength: 34, withPad: " ", startingAt: 0)
            + " \(format("%8.1f", perRun / 1_000_000 / servingSeconds)) MB/s"
            + " \(format("%12.1f", 10 / servingSeconds)) pages/s"
            + " \(format("%8.2f", servingSeconds * 1000)) ms"
    )
    try await client.shutdown()
    try await simulator.shutdown()
}

/// Like `median`, for async work.
func asyncMedian(_ body: () async throws -> Void) async rethrows -> Duration {
    try await body()
    var durations: [Duration] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try await body()
        durations.append(ContinuousClock.now - start)
    }
    return durations.sorted()[durations.count / 2]
}
