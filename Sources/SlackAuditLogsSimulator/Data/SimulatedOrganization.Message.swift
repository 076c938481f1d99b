extension SimulatedOrganization {
    /// A message.
    package struct Message: Sendable, Hashable {
        /// The ID of the conversation it was posted in.
        package let channel: String
        /// The ID of the workspace of that conversation.
        package let team: String
        /// Its Slack timestamp (`ts`), such as `1735000000.000100`, which identifies it within the conversation.
        package let timestamp: String
    }
}
