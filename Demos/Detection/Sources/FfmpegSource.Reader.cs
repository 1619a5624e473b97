using System.Diagnostics;

namespace Myelin.Demos.Detection.Sources;

// The reader thread and the ring of raw RGB24 frames it shares with TryRead.
public sealed partial class FfmpegSource
{
    private const int SlotCount = 3;

    // Ring of decoded frames: _count filled slots starting at _head; the reader writes into slot
    // (_head + _count) % SlotCount, which TryRead never touches. Guarded by _gate.
    private readonly byte[][] _slots;
    private readonly object _gate = new();
    private readonly Thread _reader;
    private int _head;
    private int _count;
    private long _decoded;
    private bool _ended;
    private string? _endReason;
    private volatile bool _stopping;
    private long _lastFrameAt; // Stopwatch timestamp of the last frame TryRead took (0: none yet)

    private bool WaitForFirstFrame(out string why)
    {
        lock (_gate)
        {
            while (_count == 0 && !_ended)
                if (!Monitor.Wait(_gate, _options.FrameTimeout))
                {
                    why = _timeoutMessage;
                    return false;
                }
            why = _count > 0 ? "" : _endReason ?? "no frames";
            return _count > 0;
        }
    }

    // frame's (3, S, S) pixels ← the oldest ready frame; false with the reason when none comes.
    private bool TakeFrame(CameraFrame frame, out string? why)
    {
        lock (_gate)
        {
            while (_count == 0 && !_ended)
            {
                // A live source between frames: no new frame yet is not an error, and the frame loop must not wait.
                if (IsLive && _lastFrameAt != 0)
                {
                    why = Stopwatch.GetElapsedTime(_lastFrameAt) < _options.FrameTimeout ? null : _timeoutMessage;
                    return false;
                }
                if (!Monitor.Wait(_gate, _options.FrameTimeout))
                {
                    why = _timeoutMessage;
                    return false;
                }
            }
            if (_count == 0)
            {
                why = _endReason;
                return false;
            }
            _lastFrameAt = Stopwatch.GetTimestamp();
            frame.FromInterleaved(_slots[_head]);
            _head = (_head + 1) % SlotCount;
            _count--;
            Monitor.PulseAll(_gate);
        }
        why = null;
        return true;
    }

    private void ReadLoop()
    {
        var output = _ffmpeg.Output;
        try
        {
            while (true)
            {
                int slot;
                lock (_gate)
                {
                    // A file waits for the consumer (every frame, in order); a camera overwrites the oldest.
                    while (_count == SlotCount && !IsCamera && !_stopping) Monitor.Wait(_gate);
                    if (_stopping) return;
                    if (_count == SlotCount)
                    {
                        _head = (_head + 1) % SlotCount;
                        _count--;
                        FramesDropped++;
                    }
                    slot = (_head + _count) % SlotCount;
                }
                var buffer = _slots[slot];
                if (output.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length) break;
                lock (_gate)
                {
                    _count++;
                    _decoded++;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            if (_stopping) return;
        }
        if (_stopping) return;
        var reason = EndReason(_ffmpeg.WaitForExit(_options.FrameTimeout));
        lock (_gate)
        {
            _ended = true;
            _endReason = reason;
            Monitor.PulseAll(_gate);
        }
    }

    private string EndReason(int? exitCode)
    {
        if (exitCode is null) return $"ffmpeg closed its output after {_decoded} frames of '{Name}' but did not exit";
        if (exitCode != 0) return $"ffmpeg failed on '{Name}' after {_decoded} frames (exit code {exitCode}): {_ffmpeg.Tail()}";
        if (_decoded == 0) return $"'{Name}' holds no video frames ({_ffmpeg.Tail()})";
        var reason = $"'{Name}' ended after {_decoded} frames";
        if (_labels is not null && _labels.Length != _decoded) reason += $" but its labels file lists {_labels.Length}";
        return IsCamera ? reason : reason + " (loop it to replay)";
    }

    private void StopReader()
    {
        _stopping = true;
        lock (_gate) Monitor.PulseAll(_gate);
        // Killing ffmpeg closes the pipe, so a reader blocked in Read returns.
        _ffmpeg?.Kill();
        _reader?.Join(TimeSpan.FromSeconds(5));
    }
}
