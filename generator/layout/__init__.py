"""Layout with reportlab. Importing this package sets reportlab's global output options once.

Binary (not ASCII85) streams: smaller files and no pure-Python encoding pass per stream.
"""

from reportlab import rl_config

rl_config.useA85 = 0
