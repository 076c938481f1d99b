import Foundation

/// Whether a host or URL names this machine: where plain `http` is acceptable, and where the CLI lifts limits meant
/// for Slack (a simulator). The package's one definition.
package enum Loopback {
    /// `localhost`, `*.localhost`, `::1` (with or without brackets) or an address in 127.0.0.0/8.
    package static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether `url`'s host is a loopback host; `false` when it has none.
    package static func isLoopback(url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host else { return false }
        return isLoopback(host: host)
    }
}
