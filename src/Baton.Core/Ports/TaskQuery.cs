using Baton.Core.Model;

namespace Baton.Core.Ports;

public sealed record TaskQuery(IReadOnlyCollection<TaskState>? States = null, int Limit = 200, bool NewestFirst = false);
