import ArgumentParser
import Foundation
import SlackAuditLogs
import SlackAuditLogsShipper

/// Where `ship` (and `collect --sink`) deliver, and how. Secrets come from files or the environment, never flags.
struct SinkOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable, Sendable {
        case elasticsearch
        case splunk
        case syslog
    }

    @Option(help: "The SIEM to deliver to.")
    var sink: Kind?

    @Option(
        help: ArgumentHelp(
            "The sink's URL. Elasticsearch/OpenSearch: https://host:9200; Splunk HEC: https://host:8088; syslog: "
                + "tcp://host:514 or tls://host:6514 (RFC 5424, octet-counted)."
        )
    )
    var sinkURL: String?

    @Option(
        help: ArgumentHelp(
            "The index. Elasticsearch: a name where %Y, %m, %d are the entry's date in UTC (default "
                + "slack-audit-%Y.%m.%d). Splunk: the index the token writes to (default: the token's)."
        )
    )
    var index: String?

    @Option(help: "Trust only the certificate authorities in this PEM file for the sink's TLS.")
    var sinkCAFile: String?

    @Option(
        help:
            "Elasticsearch user for basic authentication; the password comes from --password-file or SLACK_AUDIT_ES_PASSWORD."
    )
    var username: String?

    @Option(help: "File holding the Elasticsearch password (first line).")
    var passwordFile: String?

    @Option(help: "File holding an Elasticsearch API key (the encoded form; or set SLACK_AUDIT_ES_API_KEY).")
    var apiKeyFile: String?

    @Option(help: "File holding the Splunk HEC token (first line; or set SLACK_AUDIT_HEC_TOKEN).")
    var hecTokenFile: String?

    @Option(help: "Splunk source.")
    var source: String?

    @Option(help: "Splunk sourcetype.")
    var sourcetype: String = "slack:audit"

    @Option(
        name: .customLong("event-host"),
        help:
            "The host the events are said to come from: Splunk's host field, syslog's HOSTNAME (default: this machine's name for syslog, none for Splunk)."
    )
    var hecHost: String?

    @Flag(help: "Splunk: wait for indexer acknowledgement before a batch counts as delivered.")
    var ack = false

    @Flag(help: "Splunk: send bodies uncompressed (default: gzip).")
    var noGzip = false

    @Option(help: "The most entries in one request to the sink.")
    var batch: Int = 1000

    @Option(help: "The sink's request deadline, in seconds.")
    var sinkTimeout: Int = 60

    @Option(help: "The longest wait between attempts of a batch the sink did not take, in seconds.")
    var sinkRetryMax: Int = 60

    /// The backoff `--sink-retry-max` asks for.
    var backoff: RetryBackoff {
        RetryBackoff(maximumSeconds: Int64(sinkRetryMax))
    }

    var isGiven: Bool { sink != nil }

    func validate() throws {
        guard let sink else {
            if sinkURL != nil { throw ValidationError("--sink-url needs --sink (elasticsearch, splunk or syslog).") }
            return
        }
        guard sinkURL != nil else { throw ValidationError("--sink \(sink.rawValue) needs --sink-url.") }
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch must be 1 to 100000, got \(batch).") }
        guard (1...3600).contains(sinkRetryMax) else {
            throw ValidationError("--sink-retry-max must be 1 to 3600 seconds, got \(sinkRetryMax).")
        }
        guard (1...3600).contains(sinkTimeout) else {
            throw ValidationError("--sink-timeout must be 1 to 3600 seconds, got \(sinkTimeout).")
        }
        for (name, value) in [
            ("--password-file", passwordFile), ("--api-key-file", apiKeyFile), ("--hec-token-file", hecTokenFile),
        ] {
            if let value, TokenPattern.appears(in: value) || value.count > 40 && !value.contains("/") {
                throw ValidationError("\(name) takes the path of a file, not the secret itself.")
            }
        }
    }

    /// The sink these options describe.
    func makeSink() throws -> any DeliverySink {
        guard let sinkURL else { throw ValidationError("--sink needs --sink-url.") }
        let tls: AuditLogsClient.Configuration.TLS = sinkCAFile.map { .customCA(pemFile: $0) } ?? .systemDefault
        switch sink {
        case .syslog?:
            guard let components = URLComponents(string: sinkURL), let host = components.host,
                let scheme = components.scheme?.lowercased(), ["tcp", "tls"].contains(scheme)
            else {
                throw CLIError(
                    message: "The syslog URL \(sinkURL) is not tcp://host[:port] or tls://host[:port].",
                    hint: nil,
                    exitCode: ExitStatus.usage
                )
            }
            let transport: SyslogSink.Transport = scheme == "tls" ? .tls(caFile: sinkCAFile) : .tcp
            var configuration = SyslogSink.Configuration(host: host, port: components.port, transport: transport)
            configuration.writeTimeout = .seconds(sinkTimeout)
            if let hecHost { configuration.hostname = hecHost }
            return try SyslogSink(configuration: configuration)
        case .splunk?:
            guard
                let token = try SecretFile.secret(
                    file: hecTokenFile,
                    variable: "SLACK_AUDIT_HEC_TOKEN",
                    what: "HEC token"
                )
            else {
                throw CLIError(
                    message: "No HEC token: set SLACK_AUDIT_HEC_TOKEN, or use --hec-token-file FILE.",
                    hint: nil,
                    exitCode: ExitStatus.usage
                )
            }
            var configuration = SplunkHECSink.Configuration(url: sinkURL, token: token)
            configuration.index = index
            configuration.source = source
            configuration.sourcetype = sourcetype
            configuration.host = hecHost
            configuration.acknowledgement = ack
            configuration.gzip = !noGzip
            configuration.tls = tls
            configuration.timeout = .seconds(sinkTimeout)
            return try SplunkHECSink(configuration: configuration)
        case .elasticsearch?, nil:
            var configuration = ElasticsearchSink.Configuration(url: sinkURL)
            configuration.index = index ?? configuration.index
            configuration.tls = tls
            configuration.timeout = .seconds(sinkTimeout)
            if let key = try SecretFile.secret(file: apiKeyFile, variable: "SLACK_AUDIT_ES_API_KEY", what: "API key") {
                configuration.authorization = .apiKey(key)
            } else if let username {
                guard
                    let password = try SecretFile.secret(
                        file: passwordFile,
                        variable: "SLACK_AUDIT_ES_PASSWORD",
                        what: "password"
                    )
                else {
                    throw CLIError(
                        message: "--username needs a password: --password-file FILE or SLACK_AUDIT_ES_PASSWORD.",
                        hint: nil,
                        exitCode: ExitStatus.usage
                    )
                }
                configuration.authorization = .basic(username: username, password: password)
            }
            return try ElasticsearchSink(configuration: configuration)
        }
    }
}
