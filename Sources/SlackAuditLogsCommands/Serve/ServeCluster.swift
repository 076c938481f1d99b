import CoreMetrics
import Logging
import SlackAuditLogsCollector
import SlackAuditLogsShipper
import Synchronization

/// One instance's hold on one organization: while it lasts, this instance alone collects and ships the
/// organization, and every commit it makes is checked against the ``epoch`` (fencing).
package struct ServeLease: Sendable, Hashable, CustomStringConvertible {
    package var organization: String
    /// Goes up at every takeover: a commit made at an older epoch is refused.
    package var epoch: Int64

    package init(organization: String, epoch: Int64) {
        self.organization = organization
        self.epoch = epoch
    }

    package var description: String { "\(organization)@\(epoch)" }
}

/// Several `serve` instances sharing a store: which organizations this one may work on, and the store bound to a
/// lease. The PostgreSQL store (`slack-audit-logs-postgres`) is the implementation; without a `database` section,
/// `serve` has none and works on every organization, on its file journals.
package protocol ServeCluster: Sendable {
    /// This instance's name in the store.
    var instanceName: String { get }

    /// Claims, renews and gives back leases until cancelled; then releases those still held.
    func run() async

    /// The organizations of the configuration (at the start and after each reload): only these are claimed.
    func serve(_ organizations: [String]) async

    /// Waits until this instance holds `organization`'s lease; `nil` when the task is cancelled first.
    func acquire(_ organization: String) async -> ServeLease?

    /// Returns once `lease` is no longer held (a renewal refused, not renewed in time, a fenced commit, or given
    /// back to balance the instances), or when the task is cancelled.
    func waitUntilLost(_ lease: ServeLease) async

    /// `nil` while `lease` may be used; otherwise why not. Asked before every call to Slack.
    func refusal(_ lease: ServeLease) -> String?

    /// Gives `lease` back at once, so another instance may take the organization without waiting for it to expire.
    func release(_ lease: ServeLease) async

    /// The organization's journal, every commit fenced at `lease`'s epoch.
    func journal(for lease: ServeLease) -> any Journal

    /// A sink's position and dead letters, every save fenced at `lease`'s epoch.
    func shipperStore(for lease: ServeLease, sink: String) -> any ShipperStore
}

/// How a build that links a store makes its cluster from the configuration's `database` section.
package struct ServeClusterSettings: Sendable {
    /// The connection URL, as read from its file or variable (it may hold a password: never log it).
    package var url: String
    package var leaseTTL: Duration
    package var instanceName: String
    package var logger: Logger
    package var metricsFactory: any MetricsFactory
}

/// The store this build of the CLI links, if any: `slack-audit-logs-postgres` registers PostgreSQL before it
/// parses the command line; `slack-audit-logs` registers none, and refuses a `database` section.
package enum ServeClusterRegistry {
    package typealias Factory = @Sendable (ServeClusterSettings) async throws -> any ServeCluster

    private static let factory = Mutex<Factory?>(nil)

    package static func register(_ make: @escaping Factory) {
        factory.withLock { $0 = make }
    }

    static var registered: Factory? { factory.withLock { $0 } }
}

/// Why a store could not be used at the start: the URL is malformed (`invalidConfiguration`: exit 78), or the
/// database cannot be reached or migrated (exit 69). The message never holds the password.
package struct ServeClusterError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable {
        case invalidConfiguration
        case unavailable
    }

    package var kind: Kind
    package var message: String
    package var hint: String?

    package init(_ kind: Kind, message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    package var description: String { message }
}
