extension SimulatedOrganization {
    /// A custom function (workflow step) of an app.
    package struct Function: Sendable, Hashable {
        /// The ID, `Fn0…`.
        package let id: String
        /// The ID of the app that defines it.
        package let appID: String
        /// The callback ID, such as `create_ticket`.
        package let callbackID: String
    }
}
