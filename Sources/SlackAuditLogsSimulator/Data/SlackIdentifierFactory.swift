/// Makes Slack-style IDs (`W0ABC12DEF`): a prefix, then eight upper-case letters and digits, never the same twice.
struct SlackIdentifierFactory {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    private var issued: Set<String> = []

    /// A new ID that starts with `prefix`, drawn from `random`.
    mutating func make(_ prefix: String, using random: inout SimulationRandom) -> String {
        while true {
            var bytes = Array(prefix.utf8)
            for _ in 0..<8 {
                bytes.append(Self.alphabet[random.below(Self.alphabet.count)])
            }
            let id = String(decoding: bytes, as: UTF8.self)
            if issued.insert(id).inserted {
                return id
            }
        }
    }
}
