using System.Runtime.InteropServices;

namespace RagAgent.Samples.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation (training stops after the current update, saves
/// its checkpoint and exits with 130 or 143); a second signal ends the process at once, as without a handler.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private volatile int _signal = (int)StopSignal.Interrupt;

    /// <summary>Registers the handlers for the life of this object.</summary>
    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, StopSignal.Interrupt)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, StopSignal.Terminate)),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The first signal received (Ctrl+C before any).</summary>
    public StopSignal Received => (StopSignal)_signal;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void Handle(PosixSignalContext context, StopSignal signal)
    {
        if (_cancellation.IsCancellationRequested)
        {
            return;
        }

        _signal = (int)signal;
        context.Cancel = true;
        _cancellation.Cancel();
    }
}
