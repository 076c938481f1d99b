extension SimulatedOrganization {
    /// A message.
    public struct Message: Sendable, Hashable {
        /// The ID of the conversation it was posted in.
        public let channel: String
        /// The ID of the workspace of that conversation.
        public let team: String
        /// Its Slack timestamp (`ts`), such as `1735000000.000100`, which identifies it within the conversation.
        public let timestamp: String
    }
}
