import Foundation
import SlackAuditLogs
import Yams

// The file is read with Yams as a tree of nodes rather than decoded with Codable (or swift-configuration's
// key-value providers, which read scalars and lists of scalars, not a list of organizations with nested sinks): the
// nodes keep their line numbers, so every message can say where the mistake is, and every unknown key is refused
// instead of silently ignored.

extension ServeConfiguration {
    /// The most bytes a configuration file may hold: far more than hundreds of organizations need.
    static let maximumFileBytes = 1 << 20

    /// Reads and checks the configuration file at `path`.
    static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServeConfigurationError) -> ServeConfiguration {
        func fail(_ problem: String, _ fix: String) -> ServeConfigurationError {
            ServeConfigurationError(file: path, line: nil, key: "", problem: problem, fix: fix)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail("The configuration file cannot be read.", "Check the path and that this user may read it.")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumFileBytes + 1) else {
            throw fail("The configuration file cannot be read.", "Give a regular file.")
        }
        guard data.count <= maximumFileBytes else {
            throw fail("The file holds more than 1 MiB.", "Check the path: a configuration file is a few KB.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("The file is not UTF-8 text.", "Save it as UTF-8.")
        }
        return try parse(text, path: path, environment: environment)
    }

    /// Checks the YAML text of a configuration file named `path` (for messages; relative journal paths are relative
    /// to the working folder).
    static func parse(
        _ text: String,
        path: String,
        environment: [String: String] = [:]
    ) throws(ServeConfigurationError) -> ServeConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ServeConfigurationError(
                    file: path,
                    line: nil,
                    key: "",
                    problem: "The file is empty.",
                    fix: "Describe at least one organization under `organizations:` (see the README's example)."
                )
            }
            root = node
        } catch let error as ServeConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ServeConfigurationError(
                file: path,
                line: error.line,
                key: "",
                problem: "The file is not valid YAML (\(error.shortDescription)).",
                fix: "Correct the YAML syntax (indentation, `key: value`, `- ` for list items)."
            )
        } catch {
            throw ServeConfigurationError(
                file: path,
                line: nil,
                key: "",
                problem: "The file is not valid YAML.",
                fix: "Correct the YAML syntax."
            )
        }
        let reader = ConfigurationReader(file: path, environment: environment)
        return try reader.configuration(ConfigurationNode(node: root, key: ""))
    }
}

extension YamlError {
    /// The line of the mistake, when the parser gave one.
    fileprivate var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    /// The parser's problem without the file's text (which may hold anything).
    fileprivate var shortDescription: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "keys given twice in one mapping: \(duplicates.prefix(5).joined(separator: ", "))"
        default:
            return "unreadable"
        }
    }
}

/// A node and its key path.
private struct ConfigurationNode {
    var node: Node
    var key: String

    var line: Int? { node.mark?.line }

    func child(_ name: String) -> String { key.isEmpty ? name : "\(key).\(name)" }
}

/// Reads the nodes into a ``ServeConfiguration``, refusing anything it cannot use with the key and the fix.
private struct ConfigurationReader {
    let file: String
    let environment: [String: String]

    func error(_ at: ConfigurationNode, _ problem: String, _ fix: String) -> ServeConfigurationError {
        ServeConfigurationError(file: file, line: at.line, key: at.key, problem: problem, fix: fix)
    }

    // MARK: Shapes

    /// The members of a mapping, refusing keys not in `known` (with the known ones listed) and repeated keys.
    func mapping(
        _ at: ConfigurationNode,
        known: [String]
    ) throws(ServeConfigurationError) -> [String:
        ConfigurationNode]
    {
        guard case .mapping(let mapping) = at.node else {
            throw error(at, "This must be a mapping of `key: value` lines.", "Indent its settings under it.")
        }
        var members: [String: ConfigurationNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw error(at, "A key is not a plain name.", "Use plain names as keys.")
            }
            let name = scalar.string
            let child = ConfigurationNode(node: value, key: at.child(name))
            guard known.contains(name) else {
                let suggestion = known.first { $0.replacingOccurrences(of: "_", with: "") == name.lowercased() }
                throw error(
                    child,
                    "Unknown key `\(name)`.",
                    suggestion.map { "Write `\($0)`." } ?? "Use one of: \(known.joined(separator: ", "))."
                )
            }
            guard members[name] == nil else {
                throw error(child, "The key `\(name)` is given twice.", "Keep one of them.")
            }
            if case .alias = value {
                throw error(child, "YAML aliases are not supported here.", "Write the value out.")
            }
            members[name] = child
        }
        return members
    }

    func sequence(_ at: ConfigurationNode) throws(ServeConfigurationError) -> [ConfigurationNode] {
        guard case .sequence(let sequence) = at.node else {
            throw error(at, "This must be a list.", "Write one `- ` item per line under it.")
        }
        return sequence.enumerated().map { ConfigurationNode(node: $1, key: "\(at.key)[\($0)]") }
    }

    func string(_ at: ConfigurationNode) throws(ServeConfigurationError) -> String {
        guard case .scalar(let scalar) = at.node else {
            throw error(at, "This must be a single value, not a list or a mapping.", "Give one value.")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw error(at, "The value is empty.", "Give a value or leave the key out.") }
        guard value.utf8.count <= 4096, !value.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw error(at, "The value is longer than 4 KB or spans lines.", "Give a one-line value.")
        }
        // No value of this file is a secret, and messages repeat values: one that looks like a token is refused
        // without being repeated.
        if TokenPattern.appears(in: value) {
            throw error(
                at,
                "The value looks like a Slack token (not repeated here); this file never holds secrets.",
                "Put the token in a file readable only by this service's user and give `token_file:`, or use "
                    + "`token_env:`."
            )
        }
        return value
    }

    func bool(_ at: ConfigurationNode) throws(ServeConfigurationError) -> Bool {
        switch try string(at).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(at, "This must be true or false.", "Write true or false.")
        }
    }

    func integer(_ at: ConfigurationNode, in range: ClosedRange<Int>) throws(ServeConfigurationError) -> Int {
        let text = try string(at)
        guard let value = Int(text), range.contains(value) else {
            throw error(
                at,
                "`\(text)` is not a whole number from \(range.lowerBound) to \(range.upperBound).",
                "Give a number in that range."
            )
        }
        return value
    }

    /// A duration: seconds, or a number with `s`, `m`, `h`, `d` or `w`.
    func duration(_ at: ConfigurationNode, in range: ClosedRange<Int64>) throws(ServeConfigurationError) -> Int64 {
        let text = try string(at)
        let accepted =
            "Give \(DurationArgument(seconds: range.lowerBound)) to \(DurationArgument(seconds: range.upperBound)) "
            + "(\(DurationArgument.forms))."
        switch DurationArgument.parse(text) {
        case .failure(let problem):
            throw error(at, "`\(text)` is not a usable duration: \(problem.reason).", accepted)
        case .success(let seconds):
            guard range.contains(seconds) else { throw error(at, "`\(text)` is out of range.", accepted) }
            return seconds
        }
    }

    /// A size: bytes, or a number with KiB, MiB or GiB; 1 KiB to 64 GiB.
    func size(_ at: ConfigurationNode) throws(ServeConfigurationError) -> Int64 {
        let text = try string(at)
        let fix = "Give a size such as 256MiB, 64KiB or 1GiB (1 KiB to 64 GiB)."
        var digits = Substring(text)
        var scale: Int64 = 1
        for (suffix, value) in [("KiB", Int64(1024)), ("MiB", 1 << 20), ("GiB", 1 << 30)] where text.hasSuffix(suffix) {
            digits = text.dropLast(suffix.count)
            scale = value
        }
        guard let amount = Int64(digits.trimmingCharacters(in: .whitespaces)) else {
            throw error(at, "`\(text)` is not a size.", fix)
        }
        let (bytes, overflow) = amount.multipliedReportingOverflow(by: scale)
        guard !overflow, (1024...(64 << 30)).contains(bytes) else { throw error(at, "`\(text)` is out of range.", fix) }
        return bytes
    }

    /// A path of a file.
    func path(_ at: ConfigurationNode) throws(ServeConfigurationError) -> String {
        try string(at)
    }

    /// A secret's source from `<prefix>_file` or `<prefix>_env`; `nil` when neither is given.
    func secret(
        _ members: [String: ConfigurationNode],
        prefix: String,
        at parent: ConfigurationNode
    ) throws(ServeConfigurationError) -> ServeConfiguration.SecretSource? {
        let fileKey = "\(prefix)_file"
        let variableKey = "\(prefix)_env"
        switch (members[fileKey], members[variableKey]) {
        case (let file?, nil):
            return .file(try path(file))
        case (nil, let variable?):
            let name = try string(variable)
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                name.first?.isNumber == false
            else {
                throw error(
                    variable,
                    "This must be an environment variable's name.",
                    "Give a name such as SLACK_AUDIT_TOKEN_ACME; put the secret in the service's environment."
                )
            }
            return .environment(name)
        case (let file?, _?):
            throw error(file, "Both `\(fileKey)` and `\(variableKey)` are given.", "Keep one of them.")
        case (nil, nil):
            return nil
        }
    }

    // MARK: The document

    func configuration(_ root: ConfigurationNode) throws(ServeConfigurationError) -> ServeConfiguration {
        let members = try mapping(root, known: ["http", "state_directory", "database", "defaults", "organizations"])
        var listen: ServeConfiguration.ListenAddress?
        if let http = members["http"] {
            let settings = try mapping(http, known: ["listen"])
            if let address = settings["listen"] { listen = try listenAddress(address) }
        }
        let stateDirectory = try members["state_directory"].map { (node) throws(ServeConfigurationError) in
            try path(node)
        }
        let database = try members["database"].map { (node) throws(ServeConfigurationError) in
            try self.database(node)
        }
        let defaults = try members["defaults"].map { (node) throws(ServeConfigurationError) in
            try mapping(node, known: Self.organizationKeys.filter { !["name", "journal"].contains($0) })
        }
        guard let list = members["organizations"] else {
            throw error(
                root,
                "No `organizations` list.",
                "Add `organizations:` with one `- name: …` item per Enterprise organization."
            )
        }
        let items = try sequence(list)
        guard !items.isEmpty else {
            throw error(list, "The list of organizations is empty.", "Describe at least one organization.")
        }
        var organizations: [ServeConfiguration.Organization] = []
        for item in items {
            let organization = try self.organization(
                item,
                defaults: defaults ?? [:],
                stateDirectory: stateDirectory,
                usesDatabase: database != nil
            )
            if organizations.contains(where: { $0.name == organization.name }) {
                throw error(item, "Two organizations are named `\(organization.name)`.", "Give each a unique name.")
            }
            if let other = organizations.first(where: { $0.journal == organization.journal }) {
                throw error(
                    item,
                    "`\(organization.name)` has the same journal as `\(other.name)`.",
                    "Give each organization its own journal."
                )
            }
            organizations.append(organization)
        }
        return ServeConfiguration(path: file, listen: listen, organizations: organizations, database: database)
    }

    func database(_ at: ConfigurationNode) throws(ServeConfigurationError) -> ServeConfiguration.Database {
        let members = try mapping(at, known: ["url_file", "url_env", "lease_ttl", "instance_name"])
        guard let url = try secret(members, prefix: "url", at: at) else {
            throw error(
                at,
                "The database has no `url_file` or `url_env`.",
                "Put postgresql://user:password@host:5432/database in a file only the service can read and give "
                    + "`url_file: /etc/slack-audit-logs/database-url` (or `url_env:` naming a variable)."
            )
        }
        let ttl = try members["lease_ttl"].map { (node) throws(ServeConfigurationError) in
            try duration(node, in: 3...3600)
        }
        var instanceName: String?
        if let node = members["instance_name"] {
            let name = try string(node)
            guard (1...128).contains(name.count), name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw error(
                    node,
                    "An instance name is 1 to 128 characters without spaces.",
                    "Give one such as collector-a."
                )
            }
            instanceName = name
        }
        return ServeConfiguration.Database(
            url: url,
            leaseTTL: ttl ?? ServeConfiguration.Defaults.leaseTTL,
            instanceName: instanceName
        )
    }

    func listenAddress(_ at: ConfigurationNode) throws(ServeConfigurationError) -> ServeConfiguration.ListenAddress {
        let text = try string(at)
        let fix = "Write host:port, such as 127.0.0.1:9464 or [::1]:9464 (port 0 picks a free one)."
        var host: Substring
        var portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw error(at, "`\(text)` has no port.", fix) }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw error(at, "`\(text)` has no port.", fix) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw error(at, "`\(text)` is not a host and a port.", fix)
        }
        return .init(host: String(host), port: port)
    }

    static let organizationKeys = [
        "name", "token_file", "token_env", "api_url", "ca_file", "actions", "rate_per_minute", "settle_lag",
        "poll_interval", "retry_max", "backfill", "journal", "poll_stale_after", "no_data_after", "segment_size",
        "retention", "sinks",
    ]

    func organization(
        _ at: ConfigurationNode,
        defaults: [String: ConfigurationNode],
        stateDirectory: String?,
        usesDatabase: Bool = false
    ) throws(ServeConfigurationError) -> ServeConfiguration.Organization {
        let own = try mapping(at, known: Self.organizationKeys)
        // A default applies where the organization does not set the key (a token source is one setting).
        var members = defaults
        if own["token_file"] != nil || own["token_env"] != nil {
            members["token_file"] = nil
            members["token_env"] = nil
        }
        members.merge(own) { _, mine in mine }

        guard let nameNode = members["name"] else {
            throw error(at, "The organization has no `name`.", "Add `name:` (letters, digits, - and _).")
        }
        let name = try string(nameNode)
        guard name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_".contains($0)) })
        else {
            throw error(
                nameNode,
                "`\(name)` is not a usable name.",
                "Use at most 64 lowercase letters, digits, - and _ (it is a metrics label and a folder name)."
            )
        }
        guard let token = try secret(members, prefix: "token", at: at) else {
            throw error(
                at,
                "`\(name)` has no token source.",
                "Add `token_file: /path` (read again before each poll) or `token_env: VARIABLE`."
            )
        }
        let apiURL = try members["api_url"].map { (node) throws(ServeConfigurationError) in
            let url = try string(node)
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                scheme == "https" || scheme == "http" && Loopback.isLoopback(url: url),
                components.host?.isEmpty == false, components.query == nil
            else {
                throw self.error(
                    node,
                    "`\(url)` is not an https URL (http only on loopback).",
                    "Give an https:// URL such as https://api.slack.com/audit/v1/."
                )
            }
            return url
        }
        let baseURL = apiURL ?? ServeConfiguration.Defaults.apiURL
        let loopback = Loopback.isLoopback(url: baseURL)

        var actions: [String] = []
        if let node = members["actions"] {
            for item in try sequence(node) {
                let action = try string(item)
                guard action.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw error(
                        item,
                        "`\(action)` is not an action name.",
                        "Use names such as user_login (`slack-audit-logs actions` lists them)."
                    )
                }
                actions.append(action)
            }
            guard actions.count <= LogsQuery.maximumActionCount else {
                throw error(
                    node,
                    "\(actions.count) actions; Slack takes at most \(LogsQuery.maximumActionCount).",
                    "Keep at most \(LogsQuery.maximumActionCount), or remove the list to collect every action."
                )
            }
        }

        var rate = ServeConfiguration.Defaults.ratePerMinute
        if let node = members["rate_per_minute"] {
            let text = try string(node)
            let ceiling = loopback ? 1_000_000.0 : 50.0
            guard let value = Double(text), value.isFinite, value >= 1, value <= ceiling else {
                throw error(
                    node,
                    "`\(text)` calls per minute is out of range.",
                    loopback
                        ? "Give 1 to 1000000 (a loopback API is a simulator)."
                        : "Give 1 to 50: Slack allows about 50 calls a minute for the whole organization."
                )
            }
            rate = value
        }
        let day: Int64 = 86_400
        let pollInterval =
            try members["poll_interval"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...day)
            } ?? ServeConfiguration.Defaults.pollInterval
        let settleLag =
            try members["settle_lag"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 0...day)
            } ?? ServeConfiguration.Defaults.settleLag
        let retryMax =
            try members["retry_max"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...day)
            } ?? ServeConfiguration.Defaults.retryMax
        let backfill =
            try members["backfill"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 0...(3650 * day))
            } ?? ServeConfiguration.Defaults.backfill
        let pollStaleAfter =
            try members["poll_stale_after"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...(30 * day))
            } ?? ServeConfiguration.Defaults.pollStaleAfter(pollInterval: pollInterval)
        guard pollStaleAfter > pollInterval else {
            throw error(
                members["poll_stale_after"] ?? at,
                "poll_stale_after is not longer than poll_interval.",
                "Give poll_stale_after at least twice poll_interval, or leave it out."
            )
        }
        let noDataAfter = try members["no_data_after"].map { (node) throws(ServeConfigurationError) in
            try duration(node, in: 1...(365 * day))
        }
        let segmentBytes =
            try members["segment_size"].map { (node) throws(ServeConfigurationError) in try size(node) }
            ?? ServeConfiguration.Defaults.segmentBytes
        let retention =
            try members["retention"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 0...(3650 * day))
            } ?? ServeConfiguration.Defaults.retention
        if let node = members["backfill"], backfill <= settleLag {
            throw error(
                node,
                "backfill is not longer than settle_lag: the first poll would collect nothing.",
                "Give a backfill longer than the settle lag (such as 7d), or leave it out."
            )
        }

        let journal: String
        if usesDatabase {
            if let node = own["journal"] {
                throw error(
                    node,
                    "`journal` is not used with `database`: the entries table is the journal.",
                    "Remove `journal` (or the `database` section, to keep this organization in a file)."
                )
            }
            journal = "postgresql:\(name)"
        } else if let node = own["journal"] {
            journal = try path(node)
        } else if let stateDirectory {
            journal = "\(stateDirectory)/\(name)/audit.ndjson"
        } else {
            throw error(
                at,
                "`\(name)` has no journal and there is no `state_directory`.",
                "Add `state_directory: /var/lib/slack-audit-logs` at the top, or `journal: /path/audit.ndjson` here."
            )
        }

        var sinks: [ServeConfiguration.Sink] = []
        if let node = members["sinks"] {
            for item in try sequence(node) {
                let sink = try self.sink(item)
                if sinks.contains(where: { $0.name == sink.name }) {
                    throw error(
                        item,
                        "Two sinks of `\(name)` are named `\(sink.name)`.",
                        "Give one of them `name:` (each sink keeps its own position)."
                    )
                }
                sinks.append(sink)
            }
        }
        return ServeConfiguration.Organization(
            name: name,
            token: token,
            apiURL: baseURL,
            caFile: try members["ca_file"].map { (node) throws(ServeConfigurationError) in try path(node) },
            actions: actions,
            ratePerMinute: rate,
            settleLag: settleLag,
            pollInterval: pollInterval,
            retryMax: retryMax,
            backfill: backfill,
            journal: journal,
            pollStaleAfter: pollStaleAfter,
            noDataAfter: noDataAfter,
            segmentBytes: segmentBytes,
            retention: retention,
            sinks: sinks
        )
    }

    func sink(_ at: ConfigurationNode) throws(ServeConfigurationError) -> ServeConfiguration.Sink {
        let members = try mapping(
            at,
            known: [
                "type", "name", "url", "index", "ca_file", "api_key_file", "api_key_env", "username", "password_file",
                "password_env", "token_file", "token_env", "source", "sourcetype", "host", "ack", "gzip", "hostname",
                "batch", "failing_after", "retry_max", "timeout",
            ]
        )
        guard let typeNode = members["type"] else {
            throw error(at, "The sink has no `type`.", "Add `type: elasticsearch`, `type: splunk` or `type: syslog`.")
        }
        let type = try string(typeNode)
        guard let urlNode = members["url"] else {
            throw error(at, "The sink has no `url`.", "Add the SIEM's `url:`.")
        }
        let url = try string(urlNode)
        func optional(_ key: String) throws(ServeConfigurationError) -> String? {
            try members[key].map { (node) throws(ServeConfigurationError) in try string(node) }
        }
        func refuse(_ keys: [String]) throws(ServeConfigurationError) {
            for key in keys {
                if let node = members[key] {
                    throw error(node, "`\(key)` does not apply to a \(type) sink.", "Remove it.")
                }
            }
        }
        let caFile = try members["ca_file"].map { (node) throws(ServeConfigurationError) in try path(node) }
        let kind: ServeConfiguration.Sink.Kind
        switch type {
        case "elasticsearch", "opensearch":
            try refuse(["token_file", "token_env", "source", "sourcetype", "host", "ack", "gzip", "hostname"])
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw error(urlNode, "`\(url)` is not an http(s) URL.", "Give https://host:9200.")
            }
            let apiKey = try secret(members, prefix: "api_key", at: at)
            let username = try optional("username")
            let password = try secret(members, prefix: "password", at: at)
            if username != nil, password == nil {
                throw error(
                    members["username"] ?? at,
                    "A username without a password.",
                    "Add `password_file:` or `password_env:`."
                )
            }
            if apiKey != nil, username != nil {
                throw error(members["username"] ?? at, "Both an API key and a username are given.", "Keep one.")
            }
            kind = .elasticsearch(
                .init(
                    url: url,
                    index: try optional("index"),
                    caFile: caFile,
                    apiKey: apiKey,
                    username: username,
                    password: password
                )
            )
        case "splunk":
            try refuse(["api_key_file", "api_key_env", "username", "password_file", "password_env", "hostname"])
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw error(urlNode, "`\(url)` is not an http(s) URL.", "Give https://host:8088.")
            }
            guard let token = try secret(members, prefix: "token", at: at) else {
                throw error(at, "The Splunk sink has no HEC token.", "Add `token_file:` or `token_env:`.")
            }
            kind = .splunk(
                .init(
                    url: url,
                    token: token,
                    index: try optional("index"),
                    source: try optional("source"),
                    sourcetype: try optional("sourcetype") ?? "slack:audit",
                    host: try optional("host"),
                    acknowledgement: try members["ack"].map { (node) throws(ServeConfigurationError) in
                        try bool(node)
                    } ?? false,
                    gzip: try members["gzip"].map { (node) throws(ServeConfigurationError) in try bool(node) } ?? true,
                    caFile: caFile
                )
            )
        case "syslog":
            try refuse([
                "index", "api_key_file", "api_key_env", "username", "password_file", "password_env", "token_file",
                "token_env", "source", "sourcetype", "host", "ack", "gzip",
            ])
            guard url.hasPrefix("tcp://") || url.hasPrefix("tls://") else {
                throw error(
                    urlNode,
                    "`\(url)` is not a tcp:// or tls:// URL.",
                    "Give tls://host:6514 or tcp://host:514."
                )
            }
            kind = .syslog(.init(url: url, caFile: caFile, hostname: try optional("hostname")))
        default:
            throw error(typeNode, "`\(type)` is not a sink type.", "Use elasticsearch, opensearch, splunk or syslog.")
        }
        let name = try optional("name") ?? kind.typeName
        guard name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
        else {
            throw error(
                members["name"] ?? at,
                "`\(name)` is not a usable sink name.",
                "Use at most 64 letters, digits, - and _."
            )
        }
        return ServeConfiguration.Sink(
            name: name,
            kind: kind,
            batch: try members["batch"].map { (node) throws(ServeConfigurationError) in
                try integer(node, in: 1...100_000)
            } ?? ServeConfiguration.Defaults.sinkBatch,
            failingAfter: try members["failing_after"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...(30 * 86_400))
            } ?? ServeConfiguration.Defaults.sinkFailingAfter,
            retryMax: try members["retry_max"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...3600)
            } ?? ServeConfiguration.Defaults.sinkRetryMax,
            timeout: try members["timeout"].map { (node) throws(ServeConfigurationError) in
                try duration(node, in: 1...3600)
            } ?? ServeConfiguration.Defaults.sinkTimeout
        )
    }
}
