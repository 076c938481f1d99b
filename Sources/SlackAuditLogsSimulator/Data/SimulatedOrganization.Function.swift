extension SimulatedOrganization {
    /// A custom function (workflow step) of an app.
    public struct Function: Sendable, Hashable {
        /// The ID, `Fn0…`.
        public let id: String
        /// The ID of the app that defines it.
        public let appID: String
        /// The callback ID, such as `create_ticket`.
        public let callbackID: String
    }
}
