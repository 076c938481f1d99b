/// One audit event of the simulator, stored compactly (56 bytes) and rendered to JSON only when served, so
/// that a million events fit in memory.
public struct SimulatedEvent: Sendable, Hashable {
    /// The event's ID; ``entryID`` is its text.
    package var id: EventID
    /// When the event happened, in seconds since 1970.
    public package(set) var dateCreate: Int64
    /// When the event becomes visible to `/logs`, in seconds since 1970. Equal to ``dateCreate`` for most events;
    /// later for late arrivals (an event that shows up some time after it happened).
    package var visibleFrom: Int64
    /// The action, as an index into `ActionCatalog.actions`.
    package var action: UInt16
    /// The user who did it, as an index into `SimulatedOrganization.users`.
    package var actor: UInt32
    /// What it was done to.
    package var entity: EntityReference
    /// Random bits that choose the context (user agent, IP, session) and the details when the event is rendered.
    package var variant: UInt64

    /// The `id` this event has in `/logs`: a lowercase UUID.
    public var entryID: String { id.description }

    /// Creates an event.
    package init(
        id: EventID,
        dateCreate: Int64,
        visibleFrom: Int64,
        action: UInt16,
        actor: UInt32,
        entity: EntityReference,
        variant: UInt64
    ) {
        self.id = id
        self.dateCreate = dateCreate
        self.visibleFrom = visibleFrom
        self.action = action
        self.actor = actor
        self.entity = entity
        self.variant = variant
    }
}

/// A 128-bit event ID, shown as a UUID (`xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx`).
package struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The high 64 bits.
    package var high: UInt64
    /// The low 64 bits.
    package var low: UInt64

    /// Creates an ID from its bits.
    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The lowercase UUID text.
    package var description: String {
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(digits - text.count, 0)) + text
        }
        return "\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-\(hex(high & 0xFFFF, 4))-"
            + "\(hex(low >> 48, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
    }

    package static func < (lhs: EventID, rhs: EventID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// What an event was done to: a kind of object and its index in the organization's list of that kind.
package struct EntityReference: Sendable, Hashable {
    /// The kind of object.
    package var kind: EntityKind
    /// The index in the organization's list for ``kind``.
    package var index: UInt32

    /// Creates a reference.
    package init(kind: EntityKind, index: UInt32) {
        self.kind = kind
        self.index = index
    }
}

/// The kinds of entity the simulator generates; the raw value is the `entity.type` Slack uses.
package enum EntityKind: String, Sendable, Hashable, CaseIterable {
    case user
    case channel
    case file
    case app
    case workspace
    case enterprise
    case usergroup
    case message
    case workflow
    case workflowV2 = "workflow_v2"
    case barrier
    case role
    case accountTypeRole = "account_type_role"
    case huddle
    case list
    case function
}
