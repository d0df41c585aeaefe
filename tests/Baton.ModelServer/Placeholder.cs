namespace Baton.ModelServer;

internal static class Placeholder;
