import CoreMetrics
import Logging

/// Runs one ``OrganizationWorker`` per organization and applies a new configuration by starting, stopping and
/// restarting only the organizations that changed (``ReloadPlan``).
actor ServeSupervisor {
    private struct Running {
        var organization: ServeConfiguration.Organization
        var task: Task<Void, Never>
    }

    private var running: [String: Running] = [:]
    private var order: [String] = []
    private let board: HealthBoard
    private let factory: any MetricsFactory
    private let logger: Logger
    private let organizationCount: Gauge
    private let cluster: (any ServeCluster)?

    init(board: HealthBoard, factory: any MetricsFactory, cluster: (any ServeCluster)? = nil, logger: Logger) {
        self.cluster = cluster
        self.board = board
        self.factory = factory
        self.logger = logger
        self.organizationCount = Gauge(label: "slack_audit_logs_organizations", factory: factory)
    }

    /// The organizations running, in the configuration's order.
    var organizations: [ServeConfiguration.Organization] { order.compactMap { running[$0]?.organization } }

    /// Brings the running organizations to `configuration`'s; returns what changed.
    @discardableResult
    func apply(_ configuration: ServeConfiguration) async -> ReloadPlan {
        let plan = ReloadPlan(running: organizations, wanted: configuration.organizations)
        await cluster?.serve(configuration.organizations.map(\.name))
        for name in plan.stop + plan.restart.map(\.name) {
            await stop(name)
        }
        for name in plan.stop {
            board.remove(name)
            logger.notice("Stopped the organization (removed from the configuration)", metadata: ["org": "\(name)"])
        }
        for organization in plan.start + plan.restart {
            start(organization)
            let verb = plan.start.contains(organization) ? "Started" : "Restarted with its new settings"
            logger.notice("\(verb) the organization", metadata: ["org": "\(organization.name)"])
        }
        order = configuration.organizations.map(\.name)
        organizationCount.record(order.count)
        return plan
    }

    /// Stops every organization: each collector checkpoints what it wrote, each shipper stops between batches.
    func stopAll() async {
        for name in order { await stop(name) }
        order = []
    }

    private func start(_ organization: ServeConfiguration.Organization) {
        board.register(organization)
        do {
            let worker = try OrganizationWorker(
                organization: organization,
                board: board,
                factory: factory,
                cluster: cluster,
                logger: logger
            )
            running[organization.name] = Running(organization: organization, task: Task { await worker.run() })
        } catch {
            let reason = OrganizationWorker.reason(error)
            board.update { $0.pollFailed(organization.name, now: $1, reason: reason) }
            logger.error(
                "Cannot start the organization",
                metadata: ["org": "\(organization.name)", "error": "\(reason)"]
            )
            running[organization.name] = Running(organization: organization, task: Task {})
        }
    }

    private func stop(_ name: String) async {
        guard let entry = running.removeValue(forKey: name) else { return }
        entry.task.cancel()
        await entry.task.value
    }
}
