import SlackAuditLogsCollector

/// What `collect --plan` prints: the range, the estimated events, and the calls and time for each worker count.
enum PlanReport {
    static func render(_ plan: CollectionPlan) -> String {
        var lines: [String] = []
        lines.append("Range: \(iso8601(plan.oldest)) … \(iso8601(plan.end)) (end exclusive)")
        let count = grouped(plan.estimatedEntries)
        lines.append(
            plan.isExact
                ? "Events: \(count) (exact)"
                : "Events: about \(count) (estimated from \(plan.probeCalls) probe call\(plan.probeCalls == 1 ? "" : "s"))"
        )
        let rate = plan.callsPerMinute.map { "\(format($0)) calls/min" } ?? "no rate limit"
        let (seconds, attoseconds) = plan.callLatency.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        lines.append(
            "Probes: \(plan.probeCalls) call\(plan.probeCalls == 1 ? "" : "s"), \(milliseconds) ms each on average; "
                + "durations at \(rate)"
        )
        let rows = plan.estimates.map { estimate in
            [String(estimate.workers), grouped(estimate.calls), duration(estimate.duration)]
        }
        lines.append(TableWriter.table(header: ["workers", "calls", "duration"], rows: rows).trimmingSuffix("\n"))
        lines.append("Nothing was written. The probes counted against the rate budget like any call.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `12,345`.
    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// `45 s`, `3 min 20 s`, `2 h 5 min`.
    private static func duration(_ value: Duration) -> String {
        let seconds = max(0, value.components.seconds + (value.components.attoseconds > 0 ? 1 : 0))
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() && abs(rate) < 1e15 ? String(Int64(rate)) : String(rate)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
