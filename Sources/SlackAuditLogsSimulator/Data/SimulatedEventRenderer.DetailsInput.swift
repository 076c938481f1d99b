extension SimulatedEventRenderer {
    /// What a `details` writer needs to know about the event, with indices already wrapped into range.
    struct DetailsInput {
        /// The event.
        let event: SimulatedEvent
        /// The action's index in the catalog.
        let action: Int
        /// The actor's index in the organization's users.
        let actor: Int
        /// The entity's index in its kind's list.
        let entity: Int
    }
}
