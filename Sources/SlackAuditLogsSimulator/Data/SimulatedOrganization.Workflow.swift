extension SimulatedOrganization {
    /// A Workflow Builder (legacy) workflow.
    package struct Workflow: Sendable, Hashable {
        /// The ID, `Wf0…`.
        package let id: String
        /// The workflow's name.
        package let name: String
        /// The domain of its workspace.
        package let domain: String
    }
}
