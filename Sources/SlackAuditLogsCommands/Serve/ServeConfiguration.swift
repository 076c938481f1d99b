/// What `serve` runs, read from its configuration file and checked in full before anything starts.
///
/// Secrets are held as where to read them (a file, an environment variable), never as values: a token file is read
/// again before every poll, so rotating a token needs no restart, and no secret can reach a log through this value.
/// Two configurations compare equal when every setting is equal, which is how a reload tells which organizations
/// changed.
struct ServeConfiguration: Sendable, Equatable {
    /// The file it was read from (named in messages).
    var path: String
    /// Where `/metrics`, `/healthz` and `/readyz` are served; `nil` for no endpoint.
    var listen: ListenAddress?
    /// The organizations, in the file's order; names and journals are unique.
    var organizations: [Organization]
    /// A PostgreSQL store shared by several instances (high availability), or `nil` for the file journals.
    var database: Database? = nil

    /// `serve` on PostgreSQL: the journal, checkpoints and shipper positions are tables, and each organization is
    /// worked on by the one instance holding its lease.
    struct Database: Sendable, Hashable {
        /// Where the connection URL (`postgresql://user:password@host:port/database?sslmode=…`) is read from: it
        /// may hold a password, so it is never in this file.
        var url: SecretSource
        /// Seconds a lease lasts without renewal: how long a dead instance's organizations wait for another one.
        var leaseTTL: Int64
        /// This instance's name in the leases table (default: host name and process ID).
        var instanceName: String?
    }

    /// A host (an IP address or `localhost`) and a TCP port (0 picks a free one, which the log then names).
    struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
        var host: String
        var port: Int

        /// The host as a URL writes it: an IPv6 address in brackets.
        var urlHost: String { host.contains(":") ? "[\(host)]" : host }

        var description: String { "\(urlHost):\(port)" }
    }

    /// Where a secret is read from.
    enum SecretSource: Sendable, Hashable, CustomStringConvertible {
        /// The first line of a file, read again before each use.
        case file(String)
        /// An environment variable of the `serve` process.
        case environment(String)

        var description: String {
            switch self {
            case .file(let path): "file \(path)"
            case .environment(let name): "environment variable \(name)"
            }
        }
    }

    /// One Enterprise organization: its token, what to collect, how fast, where to keep it and where to send it.
    struct Organization: Sendable, Equatable {
        /// A short name (`[a-z0-9_-]`, at most 64): the `org` label of its metrics and its name in `/readyz`.
        var name: String
        /// Where its Slack token is read from.
        var token: SecretSource
        /// The Audit Logs API's base URL (Slack's by default; a simulator's in tests).
        var apiURL: String
        /// A PEM file of certificate authorities to trust for the API instead of the system's.
        var caFile: String?
        /// Only these actions (all when empty).
        var actions: [String]
        /// Calls per minute this service may spend on the organization (Slack's budget is 50 for the whole org).
        var ratePerMinute: Double
        /// Seconds behind now that collection stays, for events Slack makes visible late.
        var settleLag: Int64
        /// Seconds between two polls.
        var pollInterval: Int64
        /// The longest wait, in seconds, between two attempts after failed polls (the wait doubles from the poll
        /// interval up to this).
        var retryMax: Int64
        /// How far back, in seconds, the first poll collects (when the journal has no checkpoint yet).
        var backfill: Int64
        /// The NDJSON journal; its checkpoint is ``checkpoint``.
        var journal: String
        /// The collector's checkpoint of ``journal``.
        var checkpoint: String { journal + ".checkpoint.json" }
        /// Seconds without a successful poll after which the organization is not ready.
        var pollStaleAfter: Int64
        /// Seconds without a new event after which the organization is reported (`nil`: never).
        var noDataAfter: Int64?
        /// The size from which the journal is sealed into a segment (once every sink has it all).
        var segmentBytes: Int64
        /// Seconds a sealed segment is kept before it is deleted.
        var retention: Int64
        /// Where its journal is delivered; names are unique within the organization.
        var sinks: [Sink]
    }

    /// One SIEM an organization's journal is delivered to, with its own position next to the journal.
    struct Sink: Sendable, Equatable {
        /// Unique within the organization (the position file and the `sink` label); defaults to the kind.
        var name: String
        var kind: Kind
        /// The most entries in one request.
        var batch: Int
        /// Seconds of failed attempts after which the sink is not ready.
        var failingAfter: Int64
        /// The longest wait between attempts of a batch the sink did not take, in seconds.
        var retryMax: Int64
        /// The request (or write) deadline, in seconds.
        var timeout: Int64

        enum Kind: Sendable, Equatable {
            case elasticsearch(Elasticsearch)
            case splunk(Splunk)
            case syslog(Syslog)

            var typeName: String {
                switch self {
                case .elasticsearch: "elasticsearch"
                case .splunk: "splunk"
                case .syslog: "syslog"
                }
            }
        }

        struct Elasticsearch: Sendable, Equatable {
            var url: String
            var index: String?
            var caFile: String?
            var apiKey: SecretSource?
            var username: String?
            var password: SecretSource?
        }

        struct Splunk: Sendable, Equatable {
            var url: String
            var token: SecretSource
            var index: String?
            var source: String?
            var sourcetype: String
            var host: String?
            var acknowledgement: Bool
            var gzip: Bool
            var caFile: String?
        }

        struct Syslog: Sendable, Equatable {
            var url: String
            var caFile: String? = nil
            var hostname: String? = nil
        }
    }
}

extension ServeConfiguration {
    /// The value of every setting the file leaves out: the one home of the defaults the README lists.
    enum Defaults {
        static let apiURL = "https://api.slack.com/audit/v1/"
        static let ratePerMinute = 50.0
        static let pollInterval: Int64 = 60
        static let settleLag: Int64 = 300
        static let retryMax: Int64 = 300
        static let backfill: Int64 = 7 * 86_400
        static let segmentBytes: Int64 = 256 * 1024 * 1024
        static let retention: Int64 = 7 * 86_400
        static let sinkBatch = 1000
        static let leaseTTL: Int64 = 15
        static let sinkFailingAfter: Int64 = 300
        static let sinkRetryMax: Int64 = 60
        static let sinkTimeout: Int64 = 60

        /// Three polls, and at least five minutes.
        static func pollStaleAfter(pollInterval: Int64) -> Int64 { max(3 * pollInterval, 300) }
    }
}

extension ServeConfiguration.Organization {
    /// An organization with the defaults for every setting not given (as the file reader applies them).
    init(
        name: String,
        token: ServeConfiguration.SecretSource,
        journal: String,
        sinks: [ServeConfiguration.Sink] = []
    ) {
        typealias Defaults = ServeConfiguration.Defaults
        self.init(
            name: name,
            token: token,
            apiURL: Defaults.apiURL,
            caFile: nil,
            actions: [],
            ratePerMinute: Defaults.ratePerMinute,
            settleLag: Defaults.settleLag,
            pollInterval: Defaults.pollInterval,
            retryMax: Defaults.retryMax,
            backfill: Defaults.backfill,
            journal: journal,
            pollStaleAfter: Defaults.pollStaleAfter(pollInterval: Defaults.pollInterval),
            noDataAfter: nil,
            segmentBytes: Defaults.segmentBytes,
            retention: Defaults.retention,
            sinks: sinks
        )
    }
}

extension ServeConfiguration.Sink {
    /// A sink with the defaults for every setting not given.
    init(name: String, kind: Kind) {
        typealias Defaults = ServeConfiguration.Defaults
        self.init(
            name: name,
            kind: kind,
            batch: Defaults.sinkBatch,
            failingAfter: Defaults.sinkFailingAfter,
            retryMax: Defaults.sinkRetryMax,
            timeout: Defaults.sinkTimeout
        )
    }
}
