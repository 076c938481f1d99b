/// Every lease decision of one instance, as a plain value tested without a database: which leases it holds and
/// until when (on its own monotonic clock), which to renew, how many to claim, which to give back to balance the
/// instances, and whether a lease may still be used.
///
/// Times are durations since the instance started, on a monotonic clock (a paused process sees the pause). A lease
/// renewed by a statement sent at `t` is valid here until `t + ttl − margin`: the database set its expiry at least
/// as late, so this instance stops using a lease before any other can take it. Correctness never rests on this:
/// every commit is checked against the lease's epoch in the database.
struct LeaseBook: Sendable, Equatable {
    struct Held: Sendable, Equatable {
        var epoch: Int64
        var acquiredAt: Duration
        var validUntil: Duration
        /// Being given back (to balance): its worker stops, then releases it.
        var givingBack: Bool = false
    }

    let ttl: Duration
    let margin: Duration
    /// The organizations of the configuration.
    private(set) var wanted: Set<String> = []
    private(set) var held: [String: Held] = [:]
    /// Organizations given back, and until when this instance does not claim them again.
    private(set) var resting: [String: Duration] = [:]

    init(ttl: Duration) {
        self.ttl = ttl
        // Enough for a statement's trip and for clock rates to differ; small against the shortest TTL (3 s).
        self.margin = min(.seconds(1), ttl / 5)
    }

    /// How often the instance renews, claims and heartbeats.
    var interval: Duration { ttl / 3 }

    mutating func want(_ organizations: [String]) {
        wanted = Set(organizations)
    }

    // MARK: Using a lease

    /// `nil` while `organization` is held at `epoch` and valid at `now`; otherwise why not.
    func refusal(_ organization: String, epoch: Int64, now: Duration) -> String? {
        guard let lease = held[organization], lease.epoch == epoch else {
            return "this instance no longer holds \(organization)'s lease (epoch \(epoch))"
        }
        if lease.givingBack { return "this instance is giving \(organization)'s lease back" }
        guard now < lease.validUntil else {
            return "\(organization)'s lease (epoch \(epoch)) was not renewed in time"
        }
        return nil
    }

    /// The held, valid lease of `organization` at `now`, if any.
    func usable(_ organization: String, now: Duration) -> Int64? {
        guard let lease = held[organization], refusal(organization, epoch: lease.epoch, now: now) == nil else {
            return nil
        }
        return lease.epoch
    }

    // MARK: Renewing

    /// The leases to renew at `now`: those still valid. Leases past their validity are dropped (lost): renewing
    /// them would extend a lease whose worker already stopped.
    mutating func renewals(now: Duration) -> [(organization: String, epoch: Int64)] {
        for (organization, lease) in held where now >= lease.validUntil {
            held[organization] = nil
        }
        return held.filter { !$0.value.givingBack && wanted.contains($0.key) }
            .map { ($0.key, $0.value.epoch) }
            .sorted { $0.organization < $1.organization }
    }

    /// The database renewed `renewed` of the `requested` leases, by a statement sent at `sentAt`; the others were
    /// taken over (or released) and are lost. Returns the lost ones.
    @discardableResult
    mutating func renewed(
        _ renewed: [(organization: String, epoch: Int64)],
        requested: [(organization: String, epoch: Int64)],
        sentAt: Duration
    ) -> [String] {
        var lost: [String] = []
        let kept = Set(renewed.map { "\($0.organization)\u{0}\($0.epoch)" })
        for (organization, epoch) in requested {
            guard held[organization]?.epoch == epoch else { continue }
            if kept.contains("\(organization)\u{0}\(epoch)") {
                let current = held[organization]?.validUntil ?? sentAt
                held[organization]?.validUntil = max(current, sentAt + ttl - margin)
            } else {
                held[organization] = nil
                lost.append(organization)
            }
        }
        return lost
    }

    // MARK: Claiming and balancing

    /// The most organizations one instance should hold when `instances` share the wanted ones.
    func fairShare(instances: Int) -> Int {
        let count = max(instances, 1)
        return (wanted.count + count - 1) / count
    }

    /// How many leases to try to claim now.
    func claimsWanted(instances: Int) -> Int {
        max(fairShare(instances: instances) - held.count, 0)
    }

    /// Organizations not to claim at `now`: held ones, and those given back lately.
    mutating func notClaimable(now: Duration) -> [String] {
        resting = resting.filter { $0.value > now }
        return (Array(held.keys) + Array(resting.keys)).sorted()
    }

    /// The wanted organizations, sorted.
    var wantedList: [String] { wanted.sorted() }

    /// The database gave this instance `organization` at `epoch`, by a statement sent at `sentAt`.
    mutating func claimed(_ organization: String, epoch: Int64, sentAt: Duration) {
        held[organization] = Held(epoch: epoch, acquiredAt: sentAt, validUntil: sentAt + ttl - margin)
    }

    /// One lease to give back at `now` so that the instances share the organizations: when this one holds more
    /// than its fair share, the one it took last, once held for two TTLs (a start does not churn). Leases no longer
    /// wanted (removed by a reload) go first, at once.
    mutating func leaseToGiveBack(instances: Int, now: Duration) -> String? {
        if let unwanted = held.keys.sorted().first(where: { !wanted.contains($0) && held[$0]?.givingBack == false }) {
            held[unwanted]?.givingBack = true
            return unwanted
        }
        let active = held.filter { !$0.value.givingBack }
        guard active.count > fairShare(instances: instances) else { return nil }
        guard
            let newest = active.filter({ now - $0.value.acquiredAt >= ttl * 2 })
                .max(by: { ($0.value.acquiredAt, $0.key) < ($1.value.acquiredAt, $1.key) })
        else { return nil }
        held[newest.key]?.givingBack = true
        resting[newest.key] = now + ttl * 3
        return newest.key
    }

    /// A commit at `epoch` was refused: the lease is lost.
    mutating func fenced(_ organization: String, epoch: Int64) {
        if held[organization]?.epoch == epoch { held[organization] = nil }
    }

    /// The worker stopped and gave the lease back.
    mutating func released(_ organization: String, epoch: Int64) {
        if held[organization]?.epoch == epoch { held[organization] = nil }
    }
}
