"""Lesson video: probing, fingerprints, exact frames, thumbnails and activity (the only cv2 user).

- ``probe``: ``probe(path) -> ClipProbe``; ``probe_job`` gives warnings and the timestamp index.
- ``fingerprint``: ``fingerprint(path)``, ``find_by_fingerprint(folder, fp)`` for moved clips.
- ``frames``: ``frame_at(path, ms)``, ``frames_at(path, times)``, ``ClipReader`` to keep open.
- ``thumbnails``: ``ThumbnailCache(folder, indexes)``; ``index``: ``FrameIndex``, ``IndexCache``.
- ``activity``: ``activity_job(path, cancel)``, ``ActivityCache``, ``peaks(curve, n)``.
- ``jobs``: ``Progress``, ``CancelToken``, ``CancelledError``, ``run_job`` — the job convention.

Importing this package is cheap; the modules that decode import OpenCV through ``capture``.
Every file the coach cannot use raises ``errors.VideoError`` with a message saying what to do.
"""
