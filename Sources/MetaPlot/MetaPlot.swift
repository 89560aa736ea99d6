// MetaPlot module.
