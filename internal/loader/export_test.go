package loader

import "time"

// NewWithWait is New with a batch window the test chooses.
func NewWithWait(src Source, wait time.Duration) *Loaders { return newLoaders(src, wait) }
