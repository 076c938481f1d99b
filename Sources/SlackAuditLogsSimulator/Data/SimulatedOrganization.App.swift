extension SimulatedOrganization {
    /// An app installed in the organization.
    package struct App: Sendable, Hashable {
        /// The ID, `A0…`.
        package let id: String
        /// The app's name.
        package let name: String
        /// The user-token scopes.
        package let scopes: [String]
        /// The bot-token scopes.
        package let botScopes: [String]
        /// Whether the app is distributed publicly.
        package let isDistributed: Bool
        /// Whether the app is in the Slack Marketplace.
        package let isDirectoryApproved: Bool
        /// Whether the app is a workflow app.
        package let isWorkflowApp: Bool
        /// The ID of the user who created or installed it.
        package let creator: String
        /// The ID of the workspace it was installed to.
        package let team: String
    }
}
