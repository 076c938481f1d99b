import Foundation

/// Aligned columns for people, and RFC 4180 CSV for spreadsheets.
enum TableWriter {
    /// Columns padded to their widest cell (cells longer than 60 characters are cut with an ellipsis).
    static func table(header: [String], rows: [[String]]) -> String {
        let clipped = rows.map { $0.map { clip($0) } }
        var widths = header.map(\.count)
        for row in clipped {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var text = line(header.map { $0.uppercased() }) + "\n"
        for row in clipped { text += line(row) + "\n" }
        return text
    }

    /// One CSV line, quoting cells that need it.
    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    private static func clip(_ text: String) -> String {
        let single = text.replacingOccurrences(of: "\n", with: " ")
        return single.count > 60 ? String(single.prefix(59)) + "…" : single
    }
}
