extension SimulatedOrganization {
    /// A workflow of the new Slack platform.
    package struct WorkflowV2: Sendable, Hashable {
        /// The ID, `Wf0…`.
        package let id: String
        /// The workflow's name.
        package let name: String
        /// The ID of the app that holds it.
        package let appID: String
        /// The callback ID, such as `pto_request`.
        package let callbackID: String
        /// When it was last changed, in seconds since 1970.
        package let dateUpdated: Int64
        /// The ID of the user who last changed it.
        package let updatedBy: String
        /// Its steps, in order.
        package let steps: [Step]
    }
}
