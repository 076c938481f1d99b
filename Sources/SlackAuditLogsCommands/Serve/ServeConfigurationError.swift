/// A setting of `serve`'s configuration file that cannot be used: which file, where in it, which key, what is wrong
/// and how to fix it. Never holds a secret's value (secrets are only ever named by their file or variable).
struct ServeConfigurationError: Error, Hashable, CustomStringConvertible {
    /// The configuration file.
    var file: String
    /// The line (1-based) of the value, when the YAML parser gave one.
    var line: Int?
    /// The key's path, such as `organizations[1].sinks[0].url`; empty for the document itself.
    var key: String
    /// What is wrong.
    var problem: String
    /// What to write instead.
    var fix: String

    var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let subject = key.isEmpty ? "" : " \(key):"
        return "\(place):\(subject) \(problem) Fix: \(fix)"
    }
}
