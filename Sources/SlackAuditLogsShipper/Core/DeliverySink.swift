/// A destination for audit entries: a SIEM endpoint that accepts batches and says, per entry, what became of it.
///
/// A sink never decides when the shipper's position moves: it reports an outcome for every entry of the batch, in
/// order, and the shipper saves its position only once every entry of a batch is delivered or dead-lettered.
package protocol DeliverySink: Sendable {
    /// A short, stable name for metrics labels, the position file and dead letters (`elasticsearch`, `splunk`,
    /// `syslog`). Never holds a secret.
    var name: String { get }

    /// What the sink guarantees once it reports `.delivered`: exactly once (an idempotent key such as `_bulk`'s
    /// `_id`) or at least once (a resend after a break may duplicate).
    var guarantee: DeliveryGuarantee { get }

    /// Sends `batch` and reports one outcome per entry, in the order of `batch`.
    ///
    /// A failure of the whole request (connection refused, 503, a timeout) is `.retry` for every entry. A sink
    /// throws only when going on is pointless (credentials refused, the endpoint does not exist): the shipper stops
    /// with that error rather than dead-letter every entry.
    func deliver(_ batch: [ShipmentEntry]) async throws(ShipperError) -> [DeliveryOutcome]

    /// Closes connections. Called once, after the last `deliver`.
    func shutdown() async
}

/// How far a sink's acknowledgement goes.
package enum DeliveryGuarantee: String, Sendable, Hashable {
    /// A retried entry is recognised by the sink and stored once (`_bulk` `create` with `_id`).
    case exactlyOnce = "exactly-once"
    /// A retried entry may be stored twice; duplicates are bounded by what was in flight at a failure.
    case atLeastOnce = "at-least-once"
}

/// One audit entry read from the journal, with what sinks need to route and key it.
package struct ShipmentEntry: Sendable, Hashable {
    /// The entry's JSON, exactly as Slack sent it (without the collector's metadata envelope).
    package var bytes: ArraySlice<UInt8>
    /// The entry's `id`: the idempotency key.
    package var id: String?
    /// The entry's `date_create`, in seconds since 1970.
    package var dateCreate: Int64?
    /// The entry's `action`.
    package var action: String?

    package init(bytes: ArraySlice<UInt8>, id: String?, dateCreate: Int64?, action: String?) {
        self.bytes = bytes
        self.id = id
        self.dateCreate = dateCreate
        self.action = action
    }
}

/// What became of one entry of a batch.
package enum DeliveryOutcome: Sendable, Hashable {
    /// The sink has it (or already had it: a `_bulk` 409).
    case delivered
    /// A temporary failure: send it again, no sooner than `after` when the sink said (`Retry-After`).
    case retry(reason: String, after: Duration?)
    /// The sink refused this entry for good (a mapping error): it goes to the dead-letter file with `reason`.
    case rejected(reason: String)
}
