extension SimulatedOrganization {
    /// A workflow of the new Slack platform.
    public struct WorkflowV2: Sendable, Hashable {
        /// The ID, `Wf0…`.
        public let id: String
        /// The workflow's name.
        public let name: String
        /// The ID of the app that holds it.
        public let appID: String
        /// The callback ID, such as `pto_request`.
        public let callbackID: String
        /// When it was last changed, in seconds since 1970.
        public let dateUpdated: Int64
        /// The ID of the user who last changed it.
        public let updatedBy: String
        /// Its steps, in order.
        public let steps: [Step]
    }
}
