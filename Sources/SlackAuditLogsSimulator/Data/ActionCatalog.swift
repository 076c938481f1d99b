/// The audit actions the simulator can generate, by category, as `GET actions` lists them.
///
/// Categories are sorted by name and each keeps its own order of actions, so the same input always gives the same
/// indices whatever order a dictionary hands the categories in. An action listed under several categories (such as
/// `permissions_assigned`, under both `message` and `account_type_role`) gets one index per category, so that
/// events of either category exist; ``index(of:)`` gives the first of them and ``indices(of:)`` all of them.
package struct ActionCatalog: Sendable, Hashable {
    /// The category names, sorted.
    package let categories: [String]
    /// Every action name, category after category; the position is ``SimulatedEvent/action``.
    package let actions: [String]
    /// For each action, the index of its category in ``categories``.
    let categoryIndices: [UInt16]
    /// For each action, the kind of entity it is done to.
    let entityKinds: [EntityKind]
    /// Each name's indices, in order.
    private let indicesByName: [String: [UInt16]]

    /// The most actions a catalog can hold: ``SimulatedEvent/action`` is 16 bits wide.
    package static let maximumCount = Int(UInt16.max) + 1

    /// Creates a catalog from category → action names, the shape of `GET actions`.
    ///
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidCatalog`` when there is no action, more
    ///   than ``maximumCount``, an empty category or action name, or a name repeated within one category.
    package init(actionsByCategory: [String: [String]]) throws(SimulationError) {
        let categories = actionsByCategory.keys.sorted()
        var actions: [String] = []
        var categoryIndices: [UInt16] = []
        var entityKinds: [EntityKind] = []
        var indicesByName: [String: [UInt16]] = [:]
        for (categoryIndex, category) in categories.enumerated() {
            guard !category.isEmpty else { throw .invalidCatalog("A category name is empty.") }
            var seen: Set<String> = []
            for name in actionsByCategory[category] ?? [] {
                guard !name.isEmpty else { throw .invalidCatalog("Category \(category) has an empty action name.") }
                guard seen.insert(name).inserted else {
                    throw .invalidCatalog("Category \(category) lists \(name) twice.")
                }
                guard actions.count < Self.maximumCount else {
                    throw .invalidCatalog("More than \(Self.maximumCount) actions.")
                }
                indicesByName[name, default: []].append(UInt16(truncatingIfNeeded: actions.count))
                actions.append(name)
                categoryIndices.append(UInt16(truncatingIfNeeded: categoryIndex))
                entityKinds.append(Self.entityKind(category: category, action: name))
            }
        }
        guard !actions.isEmpty else { throw .invalidCatalog("The catalog has no action.") }
        self.categories = categories
        self.actions = actions
        self.categoryIndices = categoryIndices
        self.entityKinds = entityKinds
        self.indicesByName = indicesByName
    }

    /// The number of actions.
    package var count: Int { actions.count }

    /// The name of the action at `index`, or `nil` when there is none.
    package func name(of index: UInt16) -> String? {
        Int(index) < actions.count ? actions[Int(index)] : nil
    }

    /// The category of the action at `index`, or `nil` when there is none.
    package func category(of index: UInt16) -> String? {
        Int(index) < categoryIndices.count ? categories[Int(categoryIndices[Int(index)])] : nil
    }

    /// The kind of entity the action at `index` is done to, or `nil` when there is no such action.
    package func entityKind(of index: UInt16) -> EntityKind? {
        Int(index) < entityKinds.count ? entityKinds[Int(index)] : nil
    }

    /// The first index of the action called `name`, or `nil` when the catalog does not list it.
    package func index(of name: String) -> UInt16? {
        indicesByName[name]?.first
    }

    /// Every index of the action called `name` (one per category that lists it), in order; empty when none.
    package func indices(of name: String) -> [UInt16] {
        indicesByName[name] ?? []
    }
}
