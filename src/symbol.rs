//! UN document symbols: `CTOC/COP/WG.7/2020/3/Add.1/Rev.1`.
