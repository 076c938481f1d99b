import Foundation
import SlackAuditLogsShipper

extension ServeConfiguration.SecretSource {
    /// The secret's first line, read now (a file is read again at every call, so a rotated secret is picked up);
    /// the messages name the file or the variable, never the value.
    func read(what: String, droppingPrefix prefix: String? = nil) throws -> String {
        switch self {
        case .file(let path):
            return try SecretFile.firstLine(
                of: try SecretFile.read(path, what: what),
                what: what,
                source: "The \(what) file \(path)",
                droppingPrefix: prefix
            )
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw CLIError(
                    message: "The environment variable \(name) that should hold the \(what) is not set.",
                    hint: "Set it in the service's environment (systemd: EnvironmentFile=).",
                    exitCode: ExitStatus.missingToken
                )
            }
            return try SecretFile.firstLine(
                of: value,
                what: what,
                source: "The environment variable \(name)",
                droppingPrefix: prefix
            )
        }
    }
}

extension ServeConfiguration {
    /// One line for each secret that cannot be read now (the key, the source and why; never a value).
    func secretProblems() -> [String] {
        var problems: [String] = []
        func check(_ source: ServeConfiguration.SecretSource?, _ key: String, what: String, prefix: String? = nil) {
            guard let source else { return }
            do {
                _ = try source.read(what: what, droppingPrefix: prefix)
            } catch {
                problems.append("\(path): \(key): \(OrganizationWorker.reason(error))")
            }
        }
        if let database {
            check(database.url, "database url", what: "database URL")
        }
        for (index, organization) in organizations.enumerated() {
            check(
                organization.token,
                "organizations[\(index)] (\(organization.name)) token",
                what: "Slack token",
                prefix: "Bearer "
            )
            for (sinkIndex, sink) in organization.sinks.enumerated() {
                let key = "organizations[\(index)].sinks[\(sinkIndex)] (\(sink.name))"
                switch sink.kind {
                case .elasticsearch(let settings):
                    check(settings.apiKey, "\(key) api key", what: "API key")
                    check(settings.password, "\(key) password", what: "password")
                case .splunk(let settings):
                    check(settings.token, "\(key) token", what: "HEC token", prefix: "Splunk ")
                case .syslog:
                    break
                }
            }
        }
        return problems
    }
}

extension ServeConfiguration.Sink {
    /// The sink this setting describes, its secrets read now.
    func makeSink() throws -> any DeliverySink {
        let timeout = Duration.seconds(timeout)
        switch kind {
        case .elasticsearch(let settings):
            var configuration = ElasticsearchSink.Configuration(url: settings.url)
            configuration.index = settings.index ?? configuration.index
            if let caFile = settings.caFile { configuration.tls = .customCA(pemFile: caFile) }
            configuration.timeout = timeout
            if let apiKey = settings.apiKey {
                configuration.authorization = .apiKey(try apiKey.read(what: "API key"))
            } else if let username = settings.username, let password = settings.password {
                configuration.authorization = .basic(username: username, password: try password.read(what: "password"))
            }
            return try ElasticsearchSink(configuration: configuration)
        case .splunk(let settings):
            var configuration = SplunkHECSink.Configuration(
                url: settings.url,
                token: try settings.token.read(what: "HEC token", droppingPrefix: "Splunk ")
            )
            configuration.index = settings.index
            configuration.source = settings.source
            configuration.sourcetype = settings.sourcetype
            configuration.host = settings.host
            configuration.acknowledgement = settings.acknowledgement
            configuration.gzip = settings.gzip
            if let caFile = settings.caFile { configuration.tls = .customCA(pemFile: caFile) }
            configuration.timeout = timeout
            return try SplunkHECSink(configuration: configuration)
        case .syslog(let settings):
            guard let components = URLComponents(string: settings.url), let host = components.host,
                let scheme = components.scheme?.lowercased()
            else {
                throw CLIError(message: "The syslog URL \(settings.url) has no host.", hint: nil, exitCode: 78)
            }
            let transport: SyslogSink.Transport = scheme == "tls" ? .tls(caFile: settings.caFile) : .tcp
            var configuration = SyslogSink.Configuration(host: host, port: components.port, transport: transport)
            configuration.writeTimeout = timeout
            if let hostname = settings.hostname { configuration.hostname = hostname }
            return try SyslogSink(configuration: configuration)
        }
    }

    /// The shipper's waits between attempts.
    var backoff: RetryBackoff {
        RetryBackoff(maximumSeconds: retryMax)
    }
}
