/// Slack tokens in text that is about to be shown: error messages and echoed arguments never show one, wherever the
/// user put it by mistake (a stray argument, `--token-file "Bearer xoxp-…"`).
enum TokenPattern {
    /// The prefixes of Slack tokens: user, bot, app-level, configuration and refresh tokens.
    private static let prefixes = ["xoxp-", "xoxb-", "xoxa-", "xoxe-", "xoxs-", "xoxr-", "xapp-"]

    /// Whether `text` holds something that looks like a Slack token: a prefix followed by a letter or digit (so that
    /// `xoxp-…` in a help text is not one).
    static func appears(in text: String) -> Bool {
        let lowered = Array(text.lowercased().utf8)
        for prefix in prefixes.map({ Array($0.utf8) }) where lowered.count > prefix.count {
            for start in 0...(lowered.count - prefix.count - 1)
            where lowered[start..<(start + prefix.count)].elementsEqual(prefix) {
                let next = lowered[start + prefix.count]
                if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
                {
                    return true
                }
            }
        }
        return false
    }

    /// `text` with every token-like word replaced by `<token>`.
    static func scrub(_ text: String) -> String {
        guard appears(in: text) else { return text }
        var result = ""
        var word = ""
        func flush() {
            result += appears(in: word) ? "<token>" : word
            word = ""
        }
        for character in text {
            if character.isWhitespace || "'\"`,;()[]{}<>=".contains(character) {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }
}
