extension SimulatedOrganization.WorkflowV2 {
    /// One step of a workflow.
    package struct Step: Sendable, Hashable {
        /// The step's name, such as `Send a message`.
        package let name: String
        /// The ID of the app whose function the step runs.
        package let functionAppID: String
        /// The kind of function: `builtin`, `app`, `connector` or `custom`.
        package let functionType: String
    }
}
