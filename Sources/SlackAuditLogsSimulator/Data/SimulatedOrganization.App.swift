extension SimulatedOrganization {
    /// An app installed in the organization.
    public struct App: Sendable, Hashable {
        /// The ID, `A0…`.
        public let id: String
        /// The app's name.
        public let name: String
        /// The user-token scopes.
        public let scopes: [String]
        /// The bot-token scopes.
        public let botScopes: [String]
        /// Whether the app is distributed publicly.
        public let isDistributed: Bool
        /// Whether the app is in the Slack Marketplace.
        public let isDirectoryApproved: Bool
        /// Whether the app is a workflow app.
        public let isWorkflowApp: Bool
        /// The ID of the user who created or installed it.
        public let creator: String
        /// The ID of the workspace it was installed to.
        public let team: String
    }
}
