extension SimulatedOrganization {
    /// A Slack list.
    package struct List: Sendable, Hashable {
        /// The ID, `F0…` (lists are files).
        package let id: String
        /// The list's title.
        package let title: String
    }
}
