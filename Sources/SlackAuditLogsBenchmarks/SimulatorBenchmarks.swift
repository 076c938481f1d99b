import AsyncHTTPClient
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

    // Serving: full 9,999-entry pages over loopback, no rate limit. Fetched raw with AsyncHTTPClient (no JSON parsing
    // on the client side, the cursor found by a byte search) to measure the simulator; then with the typed client.
    let simulator = try await AuditLogsSimulator.start(
        configuration: AuditLogsSimulator.Configuration(
            seed: 42,
            events: .recent(count: 200_000, span: 7 * 86_400, seed: 42),
            rateLimit: .unlimited,
            requestLogLimit: 0
        )
    )
    let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    var bytes = 0
    var pages = 0
    let serving = try await asyncMedian {
        var cursor = ""
        for _ in 0..<10 {
            let query = "limit=9999" + (cursor.isEmpty ? "" : "&cursor=" + QueryEncoding.encode(cursor))
            var request = HTTPClientRequest(url: simulator.baseURL + "logs?" + query)
            request.headers.add(name: "Authorization", value: "Bearer \(simulator.token)")
            let response = try await http.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            bytes += body.readableBytes
            pages += 1
            cursor = nextCursor(in: Array(body.readableBytesView))
        }
    }
    let bytesPerRun = Double(bytes) / Double(pages) * 10
    let servingSeconds = seconds(serving)
    print(
        "serve 10 pages of 9,999 (raw)".padding(toLength: 34, withPad: " ", startingAt: 0)
            + " \(format("%8.1f", bytesPerRun / 1_000_000 / servingSeconds)) MB/s"
            + " \(format("%12.1f", 10 / servingSeconds)) pages/s"
            + " \(format("%8.2f", servingSeconds * 1000)) ms"
    )
    try await http.shutdown()

    let client = try AuditLogsClient(
        token: simulator.token,
        configuration: .init(baseURL: simulator.baseURL, timeout: .seconds(60), proxy: .none, rateLimiter: nil)
    )
    let typed = try await asyncMedian {
        var cursor: String?
        for _ in 0..<10 {
            let page = try await client.logs(LogsQuery(limit: 9999), cursor: cursor)
            cursor = page.typedBody.nextCursor
        }
    }
    let typedSeconds = seconds(typed)
    print(
        "client.logs: 10 pages, typed".padding(toLength: 34, withPad: " ", startingAt: 0)
            + " \(format("%8.1f", bytesPerRun / 1_000_000 / typedSeconds)) MB/s"
            + " \(format("%12.1f", 10 / typedSeconds)) pages/s"
            + " \(format("%8.2f", typedSeconds * 1000)) ms"
    )
    try await client.shutdown()
    try await simulator.shutdown()
}

/// The `next_cursor` of a raw page, found by searching the bytes (the simulator writes it last).
func nextCursor(in body: [UInt8]) -> String {
    let marker = Array(#""next_cursor":""#.utf8)
    guard body.count > marker.count else { return "" }
    var index = body.count - marker.count
    while index >= 0 {
        if body[index] == marker[0], Array(body[index..<(index + marker.count)]) == marker {
            let start = index + marker.count
            let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) ?? start
            return String(decoding: body[start..<end], as: UTF8.self)
        }
        index -= 1
    }
    return ""
}

/// Percent-encoding for the raw requests (everything but unreserved characters).
enum QueryEncoding {
    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(width - count, 0)) + self
    }
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
