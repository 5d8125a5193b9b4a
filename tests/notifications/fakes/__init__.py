"""Loopback stand-ins for the Aliyun and Tencent SMS APIs: the server they share, and one module per provider.

Each provider module also holds the test account its fake is set up with: keys, and the
templates the provider approved with the parameters each takes.
"""
