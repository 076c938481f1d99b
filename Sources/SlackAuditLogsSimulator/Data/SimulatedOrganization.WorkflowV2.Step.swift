extension SimulatedOrganization.WorkflowV2 {
    /// One step of a workflow.
    public struct Step: Sendable, Hashable {
        /// The step's name, such as `Send a message`.
        public let name: String
        /// The ID of the app whose function the step runs.
        public let functionAppID: String
        /// The kind of function: `builtin`, `app`, `connector` or `custom`.
        public let functionType: String
    }
}
