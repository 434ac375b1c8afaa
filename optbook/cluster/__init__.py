"""Running the book on a cluster: the SLURM job array (``slurm``), a one-node SLURM on this
machine for tests and for single-machine runs (``local``), and Dask clusters for the lessons
that use Dask (``dask``)."""
