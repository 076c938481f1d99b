extension SimulatedOrganization {
    /// A Slack list.
    public struct List: Sendable, Hashable {
        /// The ID, `F0…` (lists are files).
        public let id: String
        /// The list's title.
        public let title: String
    }
}
