namespace Baton.ModelServer.Wire;

internal enum RouteKind
{
    Turn,
    CountTokens,
    Models,
    Head,
    Unknown,
}
