import Foundation
import SlackAuditLogs

/// `page-decode PAGE RUNS`: typed decode of a saved page. `page-passthrough PAGE RUNS`: the same page to NDJSON lines
/// through the raw path (split into entries, write each entry's bytes and a newline). Prints the median MB/s.
func pageBenchmark(mode: String, arguments: [String]) throws {
    guard let path = arguments.first, let data = FileManager.default.contents(atPath: path) else {
        print("usage: slack-audit-logs-benchmarks page-decode|page-passthrough PAGE.json [runs]")
        exit(2)
    }
    let runs = max(arguments.dropFirst().compactMap { Int($0) }.first ?? 7, 1)
    let bytes = [UInt8](data)
    var timings: [Duration] = []
    var checksum = 0
    for run in 0...runs {
        let start = ContinuousClock.now
        switch mode {
        case "page-decode":
            checksum &+= try LogsResponse(parsing: bytes).entries.count
        case "page-passthrough":
            let page = try RawLogsPage(body: bytes)
            var lines: [UInt8] = []
            lines.reserveCapacity(bytes.count)
            for entry in page.entries {
                lines.append(contentsOf: entry.bytes)
                lines.append(UInt8(ascii: "\n"))
            }
            checksum &+= lines.count
        default:
            print("unknown mode \(mode): use page-decode or page-passthrough")
            exit(2)
        }
        if run > 0 { timings.append(ContinuousClock.now - start) }
    }
    let median = timings.sorted()[timings.count / 2]
    print(format("%.1f", Double(bytes.count) / 1_000_000 / seconds(median)))
    if checksum == 0 { print("(no entries)") }
}
