namespace Baton.Core.Ports;

public interface IRunFilesFactory
{
    IRunFiles Open(string taskId, string runId);
}
