extension SimulatedOrganization {
    /// A Workflow Builder (legacy) workflow.
    public struct Workflow: Sendable, Hashable {
        /// The ID, `Wf0…`.
        public let id: String
        /// The workflow's name.
        public let name: String
        /// The domain of its workspace.
        public let domain: String
    }
}
