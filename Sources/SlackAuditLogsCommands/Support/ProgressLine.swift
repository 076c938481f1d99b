import SlackAuditLogsCollector

/// The collector's progress as one line on standard error: only on a terminal.
enum ProgressLine {
    static func show(_ progress: CollectionProgress, bounded: Bool) {
        var text = "\(progress.delivered) events, \(progress.pages) pages, "
        text +=
            "\(Int(progress.entriesPerSecond.rounded())) events/s, complete until \(iso8601(progress.completeUntil))"
        if bounded, progress.target > 0 {
            text = bar(progress) + " " + text
            if let remaining = progress.estimatedRemaining {
                text += ", about \(Int(remaining.components.seconds) + 1) s left"
            }
        }
        if progress.duplicatesSkipped > 0 { text += ", \(progress.duplicatesSkipped) duplicates skipped" }
        Terminal.status(text)
    }

    private static func bar(_ progress: CollectionProgress) -> String {
        let fraction: Double
        if let remaining = progress.estimatedRemaining {
            let elapsed = Double(progress.elapsed.components.seconds) + 0.001
            fraction = elapsed / (elapsed + Double(remaining.components.seconds))
        } else {
            fraction = 0
        }
        let width = 20
        let filled = min(width, max(0, Int((fraction * Double(width)).rounded())))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
